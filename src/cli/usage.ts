export const USAGE = `prunelab — prune, measure and thin TF.js layers models (Distiller semantics)

Usage:
  prunelab summary --model M [--format table|csv|json]
      Distiller weights sparsity summary and a cost table (params, NNZ, MACs, bytes).
  prunelab eval --model M [--data D] [--limit N] [--format table|json]
      top1 and top5 (percent) and loss (mean cross-entropy) on a labelled test set.
  prunelab prune --model M --method METHOD --out DIR [--sparsity S] [--threshold T]
                 [--layers a,b] [--convention distiller|torch|tfmot] [--norm l1|l2|random]
                 [--nm N:M] [--seed N] [--data D] [--limit N]
      Writes the pruned model (model.json + weights.bin), prints per-layer sparsity and,
      when the data fits the model, accuracy before and after.
      METHOD: level | magnitude | sensitivity | random | global     (element-wise)
              filters | channels | rows | cols | kernels           (structured, ranked by --norm)
              depthwise   (a depthwise kernel's channels, ranked by its own --norm, removed
                           with the filters of the layer feeding it)
              nm                                                   (N:M along the input axis)
      level, random, global and structured methods take --sparsity (a fraction in [0, 1]);
      magnitude takes --threshold λ (prunes |w| <= λ); sensitivity takes --threshold s (λ = s · std).
  prunelab thin --model M --out DIR [--data D] [--limit N]
      Removes the filters whose weights are all zero (and whose readers' matching inputs are
      zero), verifies max |thinned - original| <= 1e-5, prints params, MACs and latency.
  prunelab sensitivity --model M [--group element|filter|channel] [--levels 0:0.9:0.05]
                 [--layers a,b] [--data D] [--subset N] [--min-top1 P] [--format distiller|nni]
                 [--mode labels|agreement] [--shard i/n] [--workers N|auto] [--out sens.csv]
      Distiller's sensitivity analysis: each tensor alone at each level; progress on stderr,
      CSV (Distiller long format: parameter,sparsity,top1,top5,loss) to --out or stdout.
      --shard i/n (0 <= i < n) runs a deterministic 1/n of the (tensor, level) cells and writes a
      shard file; --workers N|auto spreads whole tensors over worker threads (auto: one per core
      for sweeps of 100,000 example evaluations or more).
  prunelab export --model M --format onnx|tfjs|masks --out DIR
      The model in its own format with the weights it holds (an .onnx with its external data
      written inside; TF.js layers or graph model files), or masks.json (1 = kept) from the zeros of
      every prunable tensor. ONNX to TF.js and TF.js/Keras to ONNX are not exact here: refused, naming
      the converter to use.
  prunelab merge a.csv b.csv ... [--out sens.csv]
      Merges the shards of one sweep into one Distiller CSV; refuses shards of another model,
      data, settings or levels, and a missing or duplicated shard.
  prunelab schedule --model M --schedule file.yaml --epochs N --out DIR [--optimizer sgd|adam]
                 [--lr LR] [--momentum M] [--batch B] [--weight-decay WD] [--train D] [--data D]
                 [--skip-unsupported]
      Runs a Distiller YAML pruning schedule with masked fine-tuning (masks re-applied after every
      optimizer step); writes the final model, masks.json and the per-epoch log.csv. Defaults:
      adam, lr 0.0001, batch 64 (sgd: momentum 0.9); a schedule's LR scheduler sets each epoch's rate.
      What a run cannot apply is refused on its line; --skip-unsupported runs without it.
  prunelab han --out DIR [--model M] [--optimizer sgd|adam] [--lr LR] [--batch B] [--augment PX]
                 [--distill T,ALPHA|none] [--targets hidden|han] [--train D] [--data D]
      Han et al.'s experiment: one-shot pruning vs iterative pruning with fine-tuning to the same
      final sparsity; prints both accuracy-vs-sparsity curves. With a training set larger than the
      shipped 10k subset (--train with the 60k Fashion-MNIST files) it retrains as Han et al. did,
      without distillation; on the subset it distils from the dense model (T 4, alpha 0.1).
  prunelab li --out DIR [--model M] [--budget PP] [--levels 0.1,0.2,...] [--epochs E] [--lr LR]
                 [--optimizer adam|sgd] [--batch B] [--limit N] [--train-limit N] [--latency-runs R]
                 [--distill T,ALPHA|none] [--train D]
      Li et al. 2017 (default model demo:vgg): filter sensitivity sweep, per conv layer the largest
      ratio whose own top-1 drop is within --budget points (default 2.5), filters pruned by L1 and
      removed, the thinned model fine-tuned (default 6 epochs, adam 0.0002). Prints MACs, params,
      latency and top-1 dense -> thinned; writes DIR/model.json, its weights and DIR/report.json.
      Fine-tuning distils from the dense model (T 4, alpha 0.1) on the shipped 10k subset, plain
      cross-entropy as Li et al. on more training images (--train); --distill chooses.

  M: demo:lenet300 | demo:lenet5 | demo:vgg | demo:resnet8 | demo:mobilenet-fm (TF.js layers)
     | demo:resnet8.onnx | demo:mobilenet-fm.onnx (the same demos as ONNX) | path to a model.json
     (weights read from its folder), an .onnx (with its external data beside it, or
     --external-data FILE), a Keras .h5
  D: demo (default: the Fashion-MNIST test set) | a folder with an idx images and an idx labels file
     | an image folder (class subfolders give the labels; PNG here, any format in the page) | a .zip of one
     | a folder of CIFAR-10/100 binary batches | x.npz / x.npy (--x-array, --y-array) | x.csv
     (--label-column, --features a,b); data without labels is measured by agreement with the dense model
  Input mapping (when the data does not fit the model as it is; the page keeps the same mapping):
     --resize N (short side) --crop N (centre square) --layout nhwc|nchw|hw|flat --channels 1|3
     --scaling unit|symmetric|imagenet|none|custom [--mean a,b,c --std a,b,c] --label-map i0,i1,...
  --layers takes the tensor names 'summary' prints (e.g. conv2/kernel; a layer name works too);
  default: every prunable tensor the method applies to.
  --backend wasm|cpu   tf.js backend (default wasm)
  --memory-budget MiB  a model whose weights need more (as float32) is refused before loading (default 1024)
  Results go to stdout, progress and notes to stderr; on failure: one line 'prunelab: <reason>'
  (exit code 2 for a bad argument or a file that cannot be read as what it claims to be, else 1).
`;
