package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.Seeds;

import java.io.IOException;

/**
 * data.format = images: a folder of images, one sub-folder per class ({@link ImageFolderReader}): its train/ and test/
 * sub-folders when it has both, else the one folder split into a stratified test share of data.test-fraction, seeded
 * by sweep.master-seed.
 */
final class ImageFolderSource implements DatasetSource {

    @Override
    public DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop) {
        if (data.path().isEmpty()) {
            throw new DataError("data.path", "empty: data.format = images needs a folder of class sub-folders");
        }
        Path folder = DataFolder.require(data.path(), hadoop);
        Path trainDir = new Path(folder, "train");
        Path testDir = new Path(folder, "test");
        boolean split;
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            split = !(fs.isDirectory(trainDir) && fs.isDirectory(testDir));
        } catch (IOException e) {
            throw new DataError(data.path(), "cannot read: " + e.getMessage());
        }
        if (split) {
            ImageFolderReader.Images all = ImageFolderReader.read(folder, hadoop, data.height(), data.width(),
                    data.channels(), null);
            LabelledData[] parts = all.data().stratifiedSplit(data.testFraction(), Seeds.derive(seed, TEST_SHARE));
            return new DataLoader.TrainTest(parts[0], parts[1], data.path(), all.classes());
        }
        ImageFolderReader.Images train = ImageFolderReader.read(trainDir, hadoop, data.height(), data.width(),
                data.channels(), null);
        ImageFolderReader.Images test = ImageFolderReader.read(testDir, hadoop, data.height(), data.width(),
                data.channels(), train.classes());
        return new DataLoader.TrainTest(train.data(), test.data(), data.path(), train.classes());
    }
}
