package org.softcluster.cli;

import org.softcluster.neural.vade.VadeModel;

import java.io.IOException;
import java.nio.file.Path;

/** Loads a trained model directory, turning every failure into a one-line input error. */
final class ModelLoader {
    private ModelLoader() { }

    static VadeModel load(Path dir) {
        try {
            return VadeModel.load(dir);
        } catch (IOException e) {
            throw CliException.input("cannot load model " + dir + ": " + Main.oneLine(e.getMessage()));
        }
    }
}
