/**
 * Two-dimensional maps of latent codes ({@link org.softcluster.embedding.Embedding}): UMAP of our own in pure Java
 * ({@link org.softcluster.embedding.Umap}: the same bits for the same seed on every host), used by training (the UMAP
 * mixture initialisation) and by reports, and t-SNE from Smile 2.6 (reports only).
 */
package org.softcluster.embedding;
