package org.softcluster.cli;

import org.softcluster.neural.train.TrainingListener;
import org.softcluster.neural.train.EpochLog;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/** Shows a progress bar per training stage on stderr and one summary line per epoch. */
final class ProgressListener implements TrainingListener {
    private final PrintStream err;
    private final boolean bars;
    private ProgressBar bar;

    ProgressListener(PrintStream err, boolean bars) {
        this.err = err;
        this.bars = bars;
    }

    @Override
    public void onStageStart(String stage, int epochs, int batchesPerEpoch) {
        if (bars && !stage.equals("init")) {
            bar = new ProgressBarBuilder().setTaskName(stage).setInitialMax((long) epochs * batchesPerEpoch)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
                    .setUpdateIntervalMillis(500).build();
        } else if (stage.equals("init")) {
            err.println("initialising the mixture on the latent codes");
        }
    }

    @Override
    public void onBatch(String stage, int epoch, int batch, double loss) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d loss %.2f", epoch, loss));
        }
    }

    @Override
    public void onEpoch(EpochLog l) {
        String line = l.stage().equals("pretrain")
                ? String.format(Locale.ROOT, "pretrain epoch %d: recon %.3f (%.1fs)", l.epoch(), l.recon(), l.seconds())
                : l.stage().equals("branch")
                ? String.format(Locale.ROOT, "branch epoch %d: couple %.3f -H %.3f eta %.4g | val nmi %.4f H %.3f conf %.3f clusters %d (%.1fs)",
                        l.epoch(), l.couple(), l.negEntropy(), l.eta(), l.valNmi(), l.valEntropy(), l.valConfidence(), l.clustersUsed(), l.seconds())
                : String.format(Locale.ROOT, "train epoch %d: total %.3f recon %.3f kl %.3f -H %.3f couple %.3f | val nmi %.4f H %.3f conf %.3f clusters %d (%.1fs)",
                        l.epoch(), l.total(), l.recon(), l.kl(), l.negEntropy(), l.couple(), l.valNmi(), l.valEntropy(),
                        l.valConfidence(), l.clustersUsed(), l.seconds());
        if (bar != null) {
            bar.pause();
            err.print("\r\033[K");
        }
        err.println(line);
        if (bar != null) bar.resume();
    }

    @Override
    public void onStageEnd(String stage) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void onMessage(String message) {
        err.println(message);
    }
}
