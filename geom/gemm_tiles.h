// gemm_tiles.h — the tiles of the distance GEMMs of geom/ (knn_search.cpp,
// radius_graph.cpp): a task takes kQueryTile query rows and streams the
// references through GEMMs of kReferenceTile columns each.
#pragma once

#include <cstddef>

namespace ricci {

// Queries per task (rows of a tile), the grain of the parallel loop. Below
// the 256 rows at which the GEMM shim (data/blas.cpp's kRowTile) would split
// a product, so each tile is one single-threaded BLAS call and the workers
// over tasks are the parallelism; 1,000 points still make 8 tasks for them.
constexpr std::size_t kQueryTile = 128;
// References per GEMM (columns of a tile): a tile of keys is 128 x 2048
// values, 1 MiB in float (2 MiB in double), about one core's L2 cache, so
// the keys are still cached when each row is offered to its selection.
// Tiles change only the speed: every key is the same single-threaded sum
// whatever the tiling.
constexpr std::size_t kReferenceTile = 2048;

}  // namespace ricci
