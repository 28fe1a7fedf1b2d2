package org.ordersweep.config;

import java.util.Arrays;

/**
 * An enum whose constants a configuration key names by text ({@code model.layout = 1d}): the key catalogue lists
 * {@link #keys} as the allowed values, and the loader turns the checked text into the constant with {@link #of}.
 */
public interface KeyedValue {

    /** The value as configuration, logs and results write it. */
    String key();

    /** Every allowed value, in the enum's order (the catalogue's). */
    static <E extends Enum<E> & KeyedValue> String[] keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(KeyedValue::key).toArray(String[]::new);
    }

    /** The constant a value names; the catalogue has already refused any other value. */
    static <E extends Enum<E> & KeyedValue> E of(Class<E> type, String key) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + key
                        + "'; allowed: " + String.join(", ", keys(type))));
    }
}
