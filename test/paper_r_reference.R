#!/usr/bin/env Rscript
# paper_r_reference.R — reference numbers for test/flow_paper_r.cpp, made by
# following the authors' R code (fMNIST_kNN_RCoef_eval.r in anthbapt/Ricci-NN)
# step by step in R itself, with igraph. cccd is not packaged for Debian, so
# its nng() rule is re-created below in base R. Not run by the test suite:
# its output was pasted into the test as literals.
#
#   Rscript test/paper_r_reference.R
suppressMessages(library(igraph))

# cccd::nng(x, k = k, method = "Euclidean"): i -> j for every j != i with
# dist(i, j) <= the (k + 1)-th smallest entry of row i of the distance
# matrix (i itself included, at distance 0): every tie is kept.
nng_rule <- function(x, k) {
  dx <- as.matrix(dist(x))
  n <- nrow(dx)
  A <- matrix(0, n, n)
  for (i in 1:n) {
    d <- sort(dx[i, ])
    A[i, dx[i, ] <= d[k + 1]] <- 1
  }
  diag(A) <- 0
  graph_from_adjacency_matrix(A, mode = "directed")
}

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

# Per model, as the R code: Forman per node of each hidden layer, and the
# per-point row sums of distances(G_l) - distances(G_{l-1}), l = 1..L.
FR1 <- list(); sc <- list(); acc <- c()
for (j in seq_along(models)) {
  g0 <- nng_rule(layers[[models[[j]][[1]][1]]], k)
  gs <- lapply(models[[j]][[1]][-1], function(name) nng_rule(layers[[name]], k))
  F_n <- list()
  for (i in seq_along(gs)) {
    D <- degree(gs[[i]])
    F_mat <- 4 - outer(D, D, FUN = "+")
    F_mat[as_adjacency_matrix(gs[[i]], sparse = FALSE) == 0] <- 0
    F_n[[i]] <- apply(F_mat, 1, sum)
  }
  Ric <- list(distances(gs[[1]]) - distances(g0))
  for (i in 2:length(gs)) Ric[[i]] <- distances(gs[[i]]) - distances(gs[[i - 1]])
  sc[[j]] <- lapply(Ric, function(m) apply(m, 1, function(x) sum(x, na.rm = TRUE)))
  FR1[[j]] <- F_n
  acc <- c(acc, models[[j]][[2]])
  cat("model", j - 1, "arcs", sapply(gs, ecount), "forman", sapply(F_n, sum),
      "eta", sapply(sc[[j]], sum), "\n")
}

# The data frames of the R code over the models with acc > a, aggregate(),
# the removal of models with an infinite layer mean, and the shifted
# correlation of (change into layer l + 1, Ric_l).
frame <- function(values) {
  keep <- which(acc > a)
  ssr <- c(); layer <- c(); mod <- c()
  for (m in seq_along(keep)) for (l in seq_along(values[[keep[m]]])) {
    v <- values[[keep[m]]][[l]]
    ssr <- c(ssr, v); layer <- c(layer, rep(l, length(v))); mod <- c(mod, rep(m, length(v)))
  }
  data.frame(ssr = ssr, layer = layer, mod = mod)
}
sc_data <- frame(sc)
fr_data <- frame(FR1)
d <- aggregate(ssr ~ layer + mod, sc_data, mean)
rmod <- d[c(which(d$ssr == "-Inf"), which(d$ssr == "Inf")), ]$mod
cat("removed (1-based among acc > a):", rmod, "\n")
sc_data2 <- sc_data[!(sc_data$mod %in% rmod), ]
fr_data2 <- fr_data[!(fr_data$mod %in% rmod), ]
msc <- aggregate(ssr ~ layer + mod, sc_data2, sum)
mfr <- aggregate(ssr ~ layer + mod, fr_data2, sum)
x <- msc$ssr[-which(msc$layer == 1)]
y <- mfr$ssr[-which(mfr$layer == max(mfr$layer))]
cat("pairs x:", x, "\npairs y:", y, "\n")
t <- cor.test(x, y)
cat(sprintf("pooled rho %.17g p %.17g n %d\n", t$estimate, t$p.value, sum(complete.cases(x, y))))
