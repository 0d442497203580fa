// datasets_command.cpp — `ricci datasets`: the built-in data sets and their
// parameters, for writing data SPECs.
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "data/error.h"
#include "data/format.h"
#include "data/sets/synthetic.h"

namespace ricci {

int datasets_command(const std::vector<std::string>& args) {
  if (!parse_command({"datasets", "", "Lists the built-in data sets and their parameters.", {}}, args)) return 0;
  std::printf("Built-in data sets (use as --data NAME:key=value,...):\n");
  const auto print_parameters = [](const std::vector<DatasetParameter>& parameters) {
    for (const DatasetParameter& p : parameters)
      std::printf("    %-12s %-8s %s\n", p.name.c_str(), format_double(p.default_value).c_str(), p.help.c_str());
  };
  for (const BuiltinDataset& dataset : builtin_datasets()) {
    std::printf("\n%s\n  %s\n", dataset.name.c_str(), dataset.description.c_str());
    print_parameters(dataset.parameters);
  }
  std::printf("\nEvery built-in data set also takes (y = Q [x; e], Q a random orthogonal matrix,\n"
              "e the extra coordinates; `noise` acts on the native coordinates x only):\n");
  print_parameters(embedding_parameters());
  std::printf("\nFiles (gzipped or not, except npy):\n"
              "  idx:IMAGES[,LABELS]     MNIST-format images and labels; LABELS defaults to the\n"
              "                          name with images-idx3 replaced by labels-idx1\n"
              "  csv:FILE[,FILE...]      label, then the features, per line; header optional\n"
              "  npy:X.npy,y.npy         n x d features and n integer labels\n"
              "  cifar:FILE[,FILE...]    CIFAR-10 binary batches (data_batch_1.bin, ...): 3072\n"
              "                          pixels (red, green, blue planes) and a label 0-9 per image\n"
              "idx:, csv: and cifar: pixels are divided by 255 unless --scale says otherwise.\n"
              "\nAny SPEC may end in name=NAME (letters, digits, '.', '_', '-'): the short name\n"
              "tables, figures and file names use, e.g. csv:a.csv,b.csv,name=fmnist59.\n");
  return 0;
}

}  // namespace ricci
