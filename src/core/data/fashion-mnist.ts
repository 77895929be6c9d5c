// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; MIT licence, Zalando SE): the demo dataset.

/** Class names in label order (label i is FASHION_MNIST_CLASSES[i]). */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Demo idx files shipped under public/, relative to the app's base URL. */
export const DEMO_DATA_FILES = {
  testImages: 'data/fashion-mnist/t10k-images-idx3-ubyte.gz',
  testLabels: 'data/fashion-mnist/t10k-labels-idx1-ubyte.gz',
  trainImages: 'data/fashion-mnist/train-10k-images-idx3-ubyte.gz',
  trainLabels: 'data/fashion-mnist/train-10k-labels-idx1-ubyte.gz',
} as const;

/** Seed of the shuffle that picked the 10k training subset (1,000 images per class). */
export const DEMO_TRAIN_SUBSET_SEED = 20170825;
