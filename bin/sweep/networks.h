// networks.h — the networks a sweep keeps, so that it can be analysed
// again without training (`ricci sweep --from`, and `--resume --extend`
// with new ks).
//
// models/<index>.bin  the weights of model <index> of the grid, as
//                     model.bin (nn/model_io.h), for every model whose
//                     status is ok (trained, or an untrained baseline
//                     network: its initialisation)
// weights.csv         a row file of the store (store.h): model, dataset,
//                     width, depth, seed, baseline, file (models/<index>.bin),
//                     bytes, checksum (FNV-1a 64 of the whole file,
//                     data/files.h checksum_text)
//
// A model's file is written whole (data/files.h) before its rows are
// committed, so a kill leaves no committed model without its weights; the
// file of a model whose rows never arrived is removed when the sweep
// resumes (remove_uncommitted_networks), so none is left without rows.
// weights.csv's checksum lets a re-analysis refuse a file changed since,
// or one of another model or sweep.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "bin/sweep/config.h"
#include "bin/sweep/tables.h"
#include "data/io/table.h"
#include "data/matrix.h"
#include "data/sets/prepare.h"
#include "nn/attack.h"

namespace ricci {

std::vector<std::string> weights_header();
// "models/<index>.bin", relative to the sweep folder.
std::string network_file(std::size_t index);
// The model's weights.csv row for the bytes of its network.
std::vector<std::vector<std::string>> weights_rows(const ModelKey& key, const std::string& bytes);
// Writes models/<index>.bin into the sweep folder `dir`, whole.
void write_network(const std::string& dir, std::size_t index, const std::string& bytes);
// Removes the network files in dir/models of models not in `committed`
// (and the temporaries a kill left there). For the holder of dir's lock.
void remove_uncommitted_networks(const std::string& dir, const std::set<std::size_t>& committed);

// The committed models of a sweep folder and their saved networks, by the
// model's identity (data set, width, depth, seed, baseline), which stays
// when --extend renumbers the grid.
class SavedNetworks {
 public:
  SavedNetworks() = default;
  // Reads dir's models.csv and weights.csv (absent in a sweep made before
  // ricci kept its networks), their whole lines only, and only the rows of
  // committed models; a data error when a row is malformed.
  explicit SavedNetworks(const std::string& dir);

  // data set, width, depth, seed, baseline and the Ricci-flow lambda (its
  // models.csv text; "0" in a sweep without the axis).
  using Identity = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
  static Identity identity(const ModelKey& key);

  // The models.csv row of the model, or null when the sweep has none.
  const std::vector<std::string>* model_row(const ModelKey& key) const;
  // The cell of `column` in such a row.
  const std::string& cell(const std::vector<std::string>& row, const std::string& column) const;
  bool has_network(const ModelKey& key) const { return weights_.count(identity(key)) > 0; }
  bool any_network() const { return !weights_.empty(); }
  // The bytes of the model's network, checked against weights.csv (size,
  // checksum): a data error naming the file when it differs or is missing.
  std::string network(const ModelKey& key) const;
  const std::string& dir() const { return dir_; }

 private:
  struct Saved {
    std::string file;
    std::size_t bytes = 0;
    std::string checksum;
  };
  std::string dir_;
  Table models_;
  std::map<Identity, std::size_t> rows_;  // row of models_
  std::map<Identity, Saved> weights_;
};

// A model's network and its outcome so far (no analysis yet).
struct ModelNetwork {
  ModelOutcome outcome;
  std::vector<MatrixF> layers;  // the test set's activations, X_0 first (and the output with include_output)
};

// The network of `point` rebuilt from its weights in `saved` and `data`,
// prepared with the sweep's data options: its training figures (train
// accuracy and loss, epochs) as recorded, its test accuracy and loss
// computed again and required to equal the recorded ones bit for bit, its
// layers from a forward pass on `threads` threads. A model that failed
// keeps its recorded status (no network was saved for it). A usage error
// when an ok model has no saved network; data errors naming the model for
// a file that is not the recorded one, other layer sizes or another test
// accuracy or loss. With `attacks`, its test accuracy under each is
// computed again from the weights (nn/attack.h: deterministic).
ModelNetwork rebuild_network(const SavedNetworks& saved, const GridPoint& point, const PreparedData& data,
                             bool include_output, int threads, const std::vector<Attack>& attacks = {});

}  // namespace ricci
