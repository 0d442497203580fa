// svg.h — a small writer of scientific figures as SVG.
//
// Enough for the report's figures, and no more: one panel with axes, "nice"
// ticks (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990) in
// scaled units (the power of ten in the axis title, never "e+07" on a
// tick), labels in a small mathematical markup (svg_text.h: "η_{l}",
// "Ric_{l}"), a title and a legend to the right of the plot area, outside
// the data; series drawn as points (any colour and marker shape), lines
// (solid or dashed), bands (a line's spread) or box plots (of summaries
// flow/ computed, with each box's n under it: a figure draws numbers, it
// computes none). The axes are padded by 5% of the data's range on each
// side, so no point sits on the frame. The output is standalone SVG 1.1
// that browsers and rsvg-convert open directly.
//
//   Figure figure("ρ_{k} against k", "k", "ρ_{k}");
//   figure.add_band(ks, q1, q3, palette_color(0));
//   figure.add_line("depth 5", ks, medians, palette_color(0));
//   figure.add_points("models", xs, ys);
//   std::string svg = figure.svg();
#pragma once

#include <string>
#include <vector>

#include "bin/report/svg_text.h"
#include "flow/describe.h"

namespace ricci {

// How a series of points is drawn.
struct PointStyle {
  std::string color;  // "#RRGGBB"
  Marker marker = Marker::Circle;
};

class Figure {
 public:
  // Title and axis labels in the markup of svg_text.h; width and height of
  // the plot's box, to which the legend's width is added on the right.
  Figure(std::string title, std::string x_label, std::string y_label, int width = 640, int height = 420);

  // Points in the next colour of the palette, as discs; or in a given style.
  // An empty label leaves the series out of the legend.
  void add_points(const std::string& label, const std::vector<double>& x, const std::vector<double>& y);
  void add_points(const std::string& label, const std::vector<double>& x, const std::vector<double>& y,
                  const PointStyle& style);
  // A polyline through the finite points, in the next colour of the palette
  // or in `color`, dashed on request, with markers at the vertices of short
  // lines (up to 50 vertices) unless `vertices` is false.
  void add_line(const std::string& label, const std::vector<double>& x, const std::vector<double>& y);
  void add_line(const std::string& label, const std::vector<double>& x, const std::vector<double>& y,
                const std::string& color, bool dashed = false, bool vertices = true);
  // The band between low and high over x (e.g. the interquartile range
  // around a median line), lightly filled in `color`; not in the legend.
  void add_band(const std::vector<double>& x, const std::vector<double>& low, const std::vector<double>& high,
                const std::string& color);
  // A legend entry with no series of its own: a key to colours or marker
  // shapes that several series share. An empty style color draws a heading.
  void add_legend_entry(const std::string& label, const PointStyle& style);
  // One box per summary (flow/describe.h), at x = 1, 2, ...; `names` label
  // the x axis, and each box's n is written under its name; a summary of
  // no values leaves its place empty.
  void add_boxes(const std::vector<std::string>& names, const std::vector<BoxSummary>& boxes);
  // A horizontal reference line (e.g. y = 0), drawn dashed, not in the legend.
  void add_reference_y(double y);

  std::string svg() const;

 private:
  struct Series {
    enum class Kind { Points, Line, Band } kind;
    std::vector<double> x, y, high;  // high: a band's upper edge (y its lower)
    PointStyle style;
    bool dashed = false, vertices = true;
  };
  struct LegendEntry {
    enum class Kind { Points, Line, Heading } kind;
    std::string label;
    PointStyle style;
    bool dashed = false;
  };
  std::string next_color();

  // The plot area in pixels and the data ranges its axes show.
  struct Frame {
    double left = 0, right = 0, top = 0, bottom = 0, total_width = 0, total_height = 0;
    double x_low = 0, x_high = 1, y_low = 0, y_high = 1;  // the data at the axes' ends
    std::vector<double> xticks, yticks;
    double px(double x) const { return left + (x - x_low) / (x_high - x_low) * (right - left); }
    double py(double y) const { return bottom - (y - y_low) / (y_high - y_low) * (bottom - top); }
  };
  Frame frame() const;
  std::string axes_svg(const Frame& f) const;    // axes, ticks, their labels, the reference lines
  std::string boxes_svg(const Frame& f) const;   // the box plots
  std::string series_svg(const Frame& f) const;  // bands first, then lines and points over them
  std::string legend_svg(const Frame& f) const;  // right of the plot area

  std::string title_, x_label_, y_label_;
  int width_, height_;
  std::size_t colors_used_ = 0;
  std::vector<Series> series_;
  std::vector<LegendEntry> legend_;
  std::vector<std::string> box_names_;
  std::vector<BoxSummary> boxes_;
  std::vector<double> reference_y_;
};

}  // namespace ricci
