// console.h — what `ricci run` prints of a report's numbers: per data set
// and k, the well-trained models with rho < 0, the pooled rho with its
// layer-pair p-value and the sign test over models; each control against
// the trained models; the protocol's headline, and the held-out one.
#pragma once

#include "bin/report/report.h"

namespace ricci {

void print_numbers(const ReportNumbers& numbers);

}  // namespace ricci
