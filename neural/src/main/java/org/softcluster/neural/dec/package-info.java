/**
 * DEC, Deep Embedded Clustering (Xie, Girshick and Farhadi, ICML 2016), as a baseline next to
 * the entropy-regularised VaDE: an MLP autoencoder pre-trained on reconstruction, centres
 * placed by k-means on its codes, then the encoder and centres trained to minimise KL(P ‖ Q)
 * between the Student-t soft assignments Q and a sharpened target P.
 *
 * <p>{@link org.softcluster.neural.dec.DecConfig} holds the hyper-parameters,
 * {@link org.softcluster.neural.dec.DecMath} the equations for q, p and the loss,
 * {@link org.softcluster.neural.dec.DecNetwork} the tensors,
 * {@link org.softcluster.neural.dec.DecTrainer} the three stages and
 * {@link org.softcluster.neural.dec.DecModel} the trained, savable model. The building blocks
 * ({@link org.softcluster.neural.Params}, {@link org.softcluster.neural.Adam},
 * {@link org.softcluster.neural.GradientClipping}), the training loop and the progress interface
 * ({@link org.softcluster.neural.train}) are shared with VaDE; nothing here depends on the vade package.
 */
package org.softcluster.neural.dec;
