// model_io.h — saving and loading MLP weights.
//
// The file (`model.bin` in a run directory), all integers little-endian:
//
//   offset  size      field
//   0       8         magic "RICCIMLP"
//   8       4         format version, uint32 (this is version 1)
//   12      4         L, the number of layer sizes, uint32 (>= 3: input, hidden..., output)
//   16      4 L       the sizes d, W_1, ..., W_D, O, uint32 each; O is the output width:
//                     1 for a binary model (one sigmoid logit), C for a C-class
//                     softmax model (nn/mlp.h). Files of binary models are the
//                     same bytes as before multi-class models existed, and
//                     every file of version 1 loads.
//   ...               for each layer l = 0..L-2: its weights (sizes[l] x sizes[l+1],
//                     row-major) then its bias (sizes[l+1]), float32 little-endian
//   end-8   8         FNV-1a 64-bit hash of every byte before it, uint64
//
// Loading checks the magic, the version, the sizes, the exact length, the hash
// and that every weight is finite; any failure is one data error naming the
// file and what is wrong.
#pragma once

#include <string>

#include "nn/mlp.h"

namespace ricci {

std::string model_bytes(const Mlp<float>& mlp);
Mlp<float> parse_model(const std::string& bytes, const std::string& name);

void save_model(const std::string& path, const Mlp<float>& mlp);  // atomic (files.h)
Mlp<float> load_model(const std::string& path);

}  // namespace ricci
