# paper_r_code.R — the steps of the authors' R code (fMNIST_kNN_RCoef_eval.r
# in anthbapt/Ricci-NN) as functions, written from a reading of it, for the
# independent checks of ricciflow's paper-r convention: sourced by
# test/paper_r_reference.R (reference numbers for the tests) and
# bench/paper_r_check.R (a check on trained networks). cccd is not packaged
# for Debian, so its nng() rule is re-created in base R.
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

# One model: `input` and the list `hidden` of its hidden layers' matrices.
# Returns the Forman-Ricci total per node of each hidden layer (igraph's
# degree(), out + in, summed over the arcs from the node), the per-point row
# sums of distances(G_l) - distances(G_{l-1}) with na.rm = TRUE for
# l = 1..L (l = 1 the input transition), and the arcs of each hidden layer.
model_values <- function(input, hidden, k) {
  g0 <- nng_rule(input, k)
  gs <- lapply(hidden, function(x) nng_rule(x, k))
  forman <- lapply(gs, function(g) {
    D <- degree(g)
    F_mat <- 4 - outer(D, D, FUN = "+")
    F_mat[as_adjacency_matrix(g, sparse = FALSE) == 0] <- 0
    apply(F_mat, 1, sum)
  })
  change <- list(distances(gs[[1]]) - distances(g0))
  for (i in seq_along(gs)[-1]) change[[i]] <- distances(gs[[i]]) - distances(gs[[i - 1]])
  rows <- lapply(change, function(m) apply(m, 1, function(x) sum(x, na.rm = TRUE)))
  list(forman = forman, rows = rows, arcs = sapply(gs, ecount))
}

# The pooled shifted correlation of the R code over the models with
# accuracy above a: its data frames, aggregate(), the removal of models
# with an infinite layer mean, then cor.test of (change into layer l + 1,
# Ric_l). `values` is a list of model_values(); `acc` their accuracies.
pooled_shift <- function(values, acc, a) {
  frame <- function(field) {
    keep <- which(acc > a)
    ssr <- c(); layer <- c(); mod <- c()
    for (m in seq_along(keep)) for (l in seq_along(values[[keep[m]]][[field]])) {
      v <- values[[keep[m]]][[field]][[l]]
      ssr <- c(ssr, v); layer <- c(layer, rep(l, length(v))); mod <- c(mod, rep(m, length(v)))
    }
    data.frame(ssr = ssr, layer = layer, mod = mod)
  }
  sc_data <- frame("rows")
  fr_data <- frame("forman")
  d <- aggregate(ssr ~ layer + mod, sc_data, mean)
  rmod <- d[c(which(d$ssr == "-Inf"), which(d$ssr == "Inf")), ]$mod
  sc_data2 <- sc_data[!(sc_data$mod %in% rmod), ]
  fr_data2 <- fr_data[!(fr_data$mod %in% rmod), ]
  msc <- aggregate(ssr ~ layer + mod, sc_data2, sum)
  mfr <- aggregate(ssr ~ layer + mod, fr_data2, sum)
  x <- msc$ssr[-which(msc$layer == 1)]
  y <- mfr$ssr[-which(mfr$layer == max(mfr$layer))]
  t <- cor.test(x, y)
  list(x = x, y = y, removed = unique(rmod), rho = unname(t$estimate), p = t$p.value,
       n = sum(complete.cases(x, y)))
}
