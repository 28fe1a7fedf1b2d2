package org.ordersweep.data;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A folder's entries as the data readers use them: in name order, so that every JVM reads the same examples in the
 * same order (and the data's hash agrees), without hidden names ('.' or '_' first: Spark's _SUCCESS, editors' files).
 */
final class FolderListing {

    private FolderListing() {
    }

    static List<FileStatus> visible(FileSystem fs, Path folder) throws IOException {
        return Arrays.stream(fs.listStatus(folder))
                .filter(st -> !st.getPath().getName().startsWith(".") && !st.getPath().getName().startsWith("_"))
                .sorted((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()))
                .toList();
    }
}
