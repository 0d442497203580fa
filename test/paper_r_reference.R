#!/usr/bin/env Rscript
# paper_r_reference.R — reference numbers for test/flow_paper_r.cpp, made by
# following the authors' R code (fMNIST_kNN_RCoef_eval.r in anthbapt/Ricci-NN)
# step by step in R itself, with igraph (bench/paper_r_code.R; cccd's nng()
# rule re-created in base R). Not run by the test suite: its output was
# pasted into the test as literals.
#
#   Rscript test/paper_r_reference.R
# The R code's steps, shared with bench/paper_r_check.R.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))),
                 "..", "bench", "paper_r_code.R"))

pts <- function(...) matrix(c(...), ncol = 2, byrow = TRUE)
# Eight points; A = points 1..4, B = points 5..8 (0..3 and 4..7 in C++).
layers <- list(
  conn1   = pts(0,0, 1,0, 2,0, 3,0, 4,0, 5,0, 6,0, 7,0),
  conn2   = pts(0,0, 1,0, 2,0, 3,0, 0,1, 1,1, 2,1, 3,1),
  conn3   = pts(0,0, 2,0, 4,0, 6,0, 1,1, 3,1, 5,1, 7,1),
  conn4   = pts(0,0, 0,1, 0,2, 0,3, 1,0, 1,1, 1,2, 1,3),
  sepAB_1 = pts(0,0, 1,0, 2,0, 3,0, 100,0, 101,0, 102,0, 103,0),
  sepAB_2 = pts(0,0, 1,0, 0,1, 1,1, 100,0, 102,0, 104,0, 100,2),
  sepAB_3 = pts(0,0, 2,0, 4,0, 6,0, 100,0, 101,0, 103,0, 106,0),
  sep4_1  = pts(0,0, 1,0, 2,0, 3,0, 4,0, 100,0, 101,0, 102,0),
  sep4_2  = pts(0,0, 0,1, 1,0, 1,1, 2,0, 100,0, 100,1, 101,0)
)
# Each model: its input layer, then its four hidden layers, and its accuracy.
models <- list(
  list(c("sepAB_1", "sepAB_2", "sepAB_3", "sep4_1", "sep4_2"), 0.99),   # kept; a NaN transition
  list(c("conn1", "sepAB_1", "conn2", "conn3", "conn4"), 0.995),        # +Inf at the input transition
  list(c("conn2", "conn1", "conn3", "conn4", "conn2"), 0.985),          # kept; all connected
  list(c("conn4", "conn3", "conn1", "conn2", "conn1"), 0.97),           # below the threshold
  list(c("sepAB_1", "sepAB_2", "sepAB_3", "conn1", "conn2"), 0.99)      # -Inf into hidden layer 3
)
k <- 2
a <- 0.98

values <- list(); acc <- c()
for (j in seq_along(models)) {
  names <- models[[j]][[1]]
  values[[j]] <- model_values(layers[[names[1]]], lapply(names[-1], function(name) layers[[name]]), k)
  acc <- c(acc, models[[j]][[2]])
  cat("model", j - 1, "arcs", values[[j]]$arcs, "forman", sapply(values[[j]]$forman, sum),
      "eta", sapply(values[[j]]$rows, sum), "\n")
}
pooled <- pooled_shift(values, acc, a)
cat("removed (1-based among acc > a):", pooled$removed, "\n")
cat("pairs x:", pooled$x, "\npairs y:", pooled$y, "\n")
cat(sprintf("pooled rho %.17g p %.17g n %d\n", pooled$rho, pooled$p, pooled$n))
