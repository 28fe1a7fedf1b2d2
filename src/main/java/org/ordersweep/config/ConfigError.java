package org.ordersweep.config;

/** Bad configuration or input: reported as one line naming the key or file, the value and what is allowed. */
public class ConfigError extends RuntimeException {

    /** The message never carries a password given in a URI (s3a://KEY:SECRET@bucket). */
    public ConfigError(String message) {
        super(Secrets.maskUris(message));
    }

    public ConfigError(String message, Throwable cause) {
        super(Secrets.maskUris(message), cause);
    }
}
