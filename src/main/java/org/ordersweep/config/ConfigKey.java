package org.ordersweep.config;

/** One configuration key, described once: its type and allowed values, its default and what it means. */
public record ConfigKey(String name, ValueType type, Object defaultValue, String meaning) {
}
