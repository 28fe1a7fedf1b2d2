package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** data.path as the folder readers read from: refused with one line when it does not exist or is a file. */
final class DataFolder {

    private DataFolder() {
    }

    static Path require(String dir, Configuration hadoop) {
        Path folder = new Path(dir);
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            if (!fs.exists(folder)) {
                throw new DataError(dir, "data.path does not exist");
            }
            if (!fs.getFileStatus(folder).isDirectory()) {
                throw new DataError(dir, "data.path must be a folder");
            }
            return folder;
        } catch (IOException e) {
            throw new DataError(dir, "cannot read: " + e.getMessage());
        }
    }
}
