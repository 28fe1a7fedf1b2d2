package org.ordersweep;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Path;

/** A real HDFS in this JVM for tests (one name node, one data node on 127.0.0.1), its files under {@code dir}. */
public final class MiniHdfs {

    private MiniHdfs() {
    }

    public static MiniDFSCluster start(Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        return hdfs;
    }

    public static String uri(MiniDFSCluster hdfs) {
        return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    }
}
