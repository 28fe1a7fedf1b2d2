package org.ordersweep.config;

/** Bad configuration or input: reported as one line naming the key or file, the value and what is allowed. */
public class ConfigError extends RuntimeException {

    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
