package org.ordersweep.data;

import org.ordersweep.config.ConfigError;

/** Unreadable or malformed input data; the message names the file and what is wrong with it. */
public class DataError extends ConfigError {

    public DataError(String file, String problem) {
        super(file + ": " + problem);
    }
}
