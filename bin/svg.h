// svg.h — a small writer of scientific figures as SVG.
//
// Enough for the report's figures, and no more: one panel with axes, "nice"
// ticks (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990),
// labels, a title and a legend; series drawn as points, lines or box plots
// (of summaries flow/ computed: a figure draws numbers, it computes none).
// The output is standalone SVG 1.1 that browsers open directly.
//
//   Figure figure("rho_k against k", "k", "rho_k");
//   figure.add_line("depth 5", ks, rhos);
//   figure.add_points("models", xs, ys);
//   std::string svg = figure.svg();
#pragma once

#include <string>
#include <vector>

#include "flow/describe.h"

namespace ricci {

// Ticks covering [low, high] at a nice step (1, 2 or 5 times a power of
// ten), about `target` of them; low < high expected (equal values are widened).
std::vector<double> nice_ticks(double low, double high, int target = 6);
// A tick label without trailing zeros ("0.25", "1e+06").
std::string tick_label(double value);

class Figure {
 public:
  Figure(std::string title, std::string x_label, std::string y_label, int width = 640, int height = 420);

  void add_points(const std::string& label, const std::vector<double>& x, const std::vector<double>& y);
  void add_line(const std::string& label, const std::vector<double>& x, const std::vector<double>& y);
  // One box per summary (flow/describe.h), at x = 1, 2, ...; `names` label
  // the x axis; a summary of no values leaves its place empty.
  void add_boxes(const std::vector<std::string>& names, const std::vector<BoxSummary>& boxes);
  // A horizontal reference line (e.g. y = 0), drawn dashed, not in the legend.
  void add_reference_y(double y);

  std::string svg() const;

 private:
  struct Series {
    enum class Kind { Points, Line } kind;
    std::string label;
    std::vector<double> x, y;
  };
  std::string title_, x_label_, y_label_;
  int width_, height_;
  std::vector<Series> series_;
  std::vector<std::string> box_names_;
  std::vector<BoxSummary> boxes_;
  std::vector<double> reference_y_;
};

// Escapes &, <, >, " for SVG text and attributes.
std::string xml_escape(const std::string& text);

}  // namespace ricci
