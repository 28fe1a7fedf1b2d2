package org.ordersweep.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * model.stages as written: one object per stage with the fields {@link #FIELDS}, checked against the rest of the
 * configuration by {@link StagesReader}. Its text is the value as HOCON, as config.conf records it.
 */
public record StageList(List<Map<String, Object>> stages, String hocon) implements Serializable {

    /** Every field a stage may have. */
    public static final Set<String> FIELDS = Set.of("elements", "placements", "shortcut", "swept", "repeat", "sizes",
            "kernel", "pool", "dropout");

    public static final StageList NONE = of(List.of());

    static StageList of(List<Map<String, Object>> stages) {
        List<Map<String, Object>> copy = stages.stream().map(m -> Map.copyOf(new LinkedHashMap<>(m))).toList();
        return new StageList(copy, ConfigValueFactory.fromAnyRef(stages).render(ConfigRenderOptions.concise()));
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public String toString() {
        return hocon;
    }

    /**
     * The swept stage's dropout in a recorded model.stages (HOCON text), or {@code otherwise} (model.dropout) when
     * it has none of its own or no stages were recorded.
     */
    public static double sweptDropout(String hocon, double otherwise) {
        if (hocon == null) {
            return otherwise;
        }
        StageList recorded = (StageList) TYPE.readText(hocon);
        return recorded.stages.stream().filter(s -> Boolean.TRUE.equals(s.get("swept"))).findFirst()
                .map(s -> s.get("dropout")).map(d -> ((Number) d).doubleValue()).orElse(otherwise);
    }

    /** A list of objects, each with only the known fields; their values are checked by {@link StagesReader}. */
    public static final ValueType TYPE = new ValueType() {
        @Override
        public Object read(ConfigValue value) {
            if (value.valueType() != ConfigValueType.LIST) {
                throw new IllegalArgumentException();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (ConfigValue item : (ConfigList) value) {
                if (item.valueType() != ConfigValueType.OBJECT || !FIELDS.containsAll(((ConfigObject) item).keySet())) {
                    throw new IllegalArgumentException();
                }
                out.add(((ConfigObject) item).unwrapped());
            }
            return of(out);
        }

        @Override
        public Object readText(String text) {
            try {
                return read(ConfigFactory.parseString("v = " + text).getValue("v"));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public String describe() {
            return "a list of stages, each an object with elements (a list) or, for a residual stage, placements "
                    + "(a list), and optionally swept, repeat, sizes, kernel, pool, dropout, shortcut";
        }
    };
}
