/**
 * The report of a finished sweep, built from the files in the sweep folder without any training.
 *
 * <p>{@link org.softcluster.report.SweepReport#build} is the entry point: it aggregates {@code results.csv}
 * into Table 2 with {@link org.softcluster.report.ResultsTable} (compared with the paper's values in
 * {@link org.softcluster.report.PaperTable2} when the sweep ran on MNIST, as its
 * {@link org.softcluster.report.SweepJson} says), draws Figures 2–7 and per-η reliability diagrams and entropy
 * histograms with {@link org.softcluster.report.SweepFigures} (XChart, PNG and SVG), maps latent codes with
 * t-SNE and UMAP in {@link org.softcluster.embedding.Embedding} (t-SNE from Smile 2.6, LGPL; UMAP our own) and plots them with
 * {@link org.softcluster.report.EmbeddingPlot}, and assembles one
 * self-contained HTML page with {@link org.softcluster.report.HtmlReport}. Run folders are read with
 * {@link org.softcluster.report.SweepRun}. Every file is written atomically (temporary file, then a move).
 * Charts render headless ({@code -Djava.awt.headless=true}, the default on Linux without a display).
 */
package org.softcluster.report;
