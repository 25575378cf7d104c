/**
 * Two-dimensional t-SNE and UMAP maps of latent codes with Smile 2.6 ({@link org.softcluster.embedding.Embedding}),
 * used by training (the UMAP mixture initialisation) and by reports.
 */
package org.softcluster.embedding;
