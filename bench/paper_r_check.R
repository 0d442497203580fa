#!/usr/bin/env Rscript
# paper_r_check.R — the authors' R code (bench/paper_r_code.R) on trained
# networks' layers, for bench/paper_r_check.py, which compares its numbers
# with ricciflow's paper-r convention.
#
#   Rscript bench/paper_r_check.R MANIFEST.csv K1,K2,... A
#
# MANIFEST.csv: columns dir and accuracy; each dir holds layer_0.csv (the
# input) .. layer_L.csv, one point per line, no header. Prints, for each k,
# a line per model (the arcs, Forman totals and geodesic changes of its
# hidden layers) and the pooled shifted correlation over the models above A.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))), "paper_r_code.R"))

args <- commandArgs(TRUE)
manifest <- read.csv(args[1], stringsAsFactors = FALSE)
ks <- as.integer(strsplit(args[2], ",")[[1]])
a <- as.numeric(args[3])
layers <- lapply(manifest$dir, function(dir) {
  files <- sort(list.files(dir, pattern = "^layer_[0-9]+\\.csv$"))
  files <- files[order(as.integer(gsub("[^0-9]", "", files)))]
  lapply(files, function(f) as.matrix(read.csv(file.path(dir, f), header = FALSE)))
})
for (k in ks) {
  values <- lapply(layers, function(model) model_values(model[[1]], model[-1], k))
  for (m in seq_along(values))
    cat("model", m - 1, "k", k, "arcs", values[[m]]$arcs, "forman", sapply(values[[m]]$forman, sum),
        "eta", sprintf("%.17g", sapply(values[[m]]$rows, sum)), "\n")
  # Where every model is removed the R code stops ("no rows to aggregate").
  pooled <- tryCatch(pooled_shift(values, manifest$accuracy, a), error = function(e) NULL)
  if (is.null(pooled)) cat(sprintf("pooled k %d none: the R code stops, every model removed\n", k))
  else cat(sprintf("pooled k %d rho %.17g p %.17g n %d removed %d\n", k, pooled$rho, pooled$p, pooled$n,
                   length(pooled$removed)))
}
