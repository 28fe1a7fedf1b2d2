package org.ordersweep.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Class indices for labels written as text (UCR files, tables): in their numeric order, else their text order. */
final class ClassIndex {

    private ClassIndex() {
    }

    /** Each distinct label with its class index, in index order. */
    static Map<String, Integer> of(List<String> labels) {
        TreeMap<String, Integer> index = new TreeMap<>((a, b) -> {
            try {
                return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        });
        labels.forEach(l -> index.put(l, 0));
        int i = 0;
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            e.setValue(i++);
        }
        return index;
    }
}
