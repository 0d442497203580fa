// table_fuzz.cpp — libFuzzer target for the result tables: the CSV table
// reader (data/io/table.h) and what report and merge read from a sweep's
// models.csv and layers.csv (bin/sweep/tables.h), through the statistics
// of groups.csv and summary.md (flow/). The input is models.csv, a line
// "--", then layers.csv. Any input must be read or refused with
// ricci::Error; a table that is read must write back to text that reads
// again to the same table. Anything else (a crash, a sanitizer report, an
// allocation beyond libFuzzer's limit) is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bin/sweep/tables.h"
#include "flow/result_tables.h"
#include "data/error.h"
#include "data/io/table.h"
#include "flow/summary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::size_t split = text.find("\n--\n");
  const std::string models_text = text.substr(0, split);
  const std::string layers_text = split == std::string::npos ? "" : text.substr(split + 4);
  ricci::Table models, layers;
  try {
    models = ricci::parse_csv_table(models_text, "models.csv");
    if (ricci::parse_csv_table(ricci::csv_text(models), "again").rows != models.rows) __builtin_trap();
    layers = ricci::parse_csv_table(layers_text, "layers.csv");
  } catch (const ricci::Error&) {
    return 0;
  }
  try {
    ricci::Sweep sweep;
    sweep.ks = {5, 12};
    sweep.accuracy_threshold = 0.5;
    sweep.models = ricci::read_sweep_models(models, layers);
    ricci::groups_table(ricci::group_rows(sweep));
    for (const ricci::DatasetResult& result : ricci::dataset_results(sweep)) (void)result;
  } catch (const ricci::Error&) {
  }
  return 0;
}
