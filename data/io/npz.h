// npz.h — NumPy's .npz archives (np.savez, np.savez_compressed) as layers.
//
// An .npz file is a zip archive (zip.h) whose members are .npy files
// (npy.h), one per array, each named KEY.npy: np.savez(f, layer_0=a,
// layer_1=b) writes layer_0.npy and layer_1.npy, np.savez(f, a, b) writes
// arr_0.npy and arr_1.npy; np.savez_compressed deflates them. Every array
// goes through the .npy reader, with its dtypes and checks.
//
// As layers, the arrays are taken in the order of the numbers their keys
// end in (layer_2 before layer_10, arr_0 before arr_1): a zip archive's
// order is whatever the writer's dict held, and text order puts layer_10
// before layer_2. The keys must share one stem and each end in a different
// number; any other set of keys (input, hidden_1, ...; layer_1 and
// layer_01) is a data error listing them, because no order can be read
// from them (docs/formats.md, "Layer order").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/npy.h"
#include "data/matrix.h"

namespace ricci {

struct NpzArray {
  std::string key;  // the member's name without .npy
  NpyArray array;
};

// The arrays of the archive `bytes`, in the archive's order. A member not
// named *.npy is a data error, as is anything parse_zip() or parse_npy()
// refuses; errors name `name` and the key ("acts.npz:layer_3: ...").
// `limit` bounds the members' total size (zip.h).
std::vector<NpzArray> parse_npz(const std::string& bytes, const std::string& name,
                                std::size_t limit = kDefaultInputLimit);

// The layers of an .npz file, in the order of their keys' numbers, each
// converted by npy_to_matrix(), with the name of each ("acts.npz:layer_3")
// for messages. An archive of fewer than two arrays, or keys that give no
// order (see above), is a data error naming the file.
struct NpzLayers {
  std::vector<MatrixF> layers;
  std::vector<std::string> names;
};
NpzLayers npz_layers(const std::vector<NpzArray>& arrays, const std::string& name);
NpzLayers read_npz_layers(const std::string& path, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
