// npz.cpp — .npz archives: zip members parsed as .npy arrays, ordered by number.
#include "data/io/npz.h"

#include <new>

#include "data/error.h"
#include "data/io/zip.h"
#include "data/numbered_names.h"

namespace ricci {

std::vector<NpzArray> parse_npz(const std::string& bytes, const std::string& name, std::size_t limit) {
  std::vector<NpzArray> arrays;
  for (const ZipMember& member : parse_zip(bytes, name, limit)) {
    const std::string& file = member.name;
    if (file.size() <= 4 || file.compare(file.size() - 4, 4, ".npy") != 0)
      throw data_error(name + ": member '" + file + "' is not a .npy file (an .npz holds KEY.npy members only)");
    const std::string key = file.substr(0, file.size() - 4);
    arrays.push_back({key, parse_npy(member.data, name + ":" + key)});
  }
  return arrays;
}

NpzLayers npz_layers(const std::vector<NpzArray>& arrays, const std::string& name) {
  if (arrays.size() < 2)
    throw data_error(name + ": holds " + std::to_string(arrays.size()) + " array" + (arrays.size() == 1 ? "" : "s") +
                     ", expected at least two layers");
  std::vector<std::string> keys;
  for (const NpzArray& array : arrays) keys.push_back(array.key);
  const std::vector<std::size_t> order = numbered_order(keys);
  if (order.empty()) {
    std::string listed;
    for (const std::string& key : keys) listed += (listed.empty() ? "" : ", ") + key;
    throw data_error(name + ": the layers' order cannot be read from their names (" + listed +
                     "): name them one stem and a number each, e.g. np.savez(f, layer_0=x, layer_1=h1, ...) "
                     "or np.savez(f, *layers)");
  }
  NpzLayers layers;
  for (std::size_t index : order) {
    layers.names.push_back(name + ":" + arrays[index].key);
    layers.layers.push_back(npy_to_matrix(arrays[index].array, layers.names.back()));
  }
  return layers;
}

NpzLayers read_npz_layers(const std::string& path, std::size_t limit) {
  try {
    return npz_layers(parse_npz(read_file(path, limit), path, limit), path);
  } catch (const std::bad_alloc&) {
    throw data_error(path + ": out of memory reading it");
  }
}

}  // namespace ricci
