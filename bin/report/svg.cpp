// svg.cpp — axes, ticks, points, lines, bands, box plots and legends in SVG.
#include "bin/report/svg.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ricci {

namespace {

// Estimated pixels per character of 12 px Helvetica (for legend widths and
// cutting labels that would not fit), and of the 15 px title.
constexpr double kCharWidth = 6.6, kTitleCharWidth = 8.3;

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  bool empty() const { return low > high; }
  // Widened by 5% of its length on each side (10% of the value, or 1 at
  // zero, when it is a single value), so that no point sits on the frame.
  Range padded() const {
    const double pad = high > low ? 0.05 * (high - low) : low == 0 ? 1.0 : 0.1 * std::fabs(low);
    return {low - pad, high + pad};
  }
};

// The nice ticks inside the axis range.
std::vector<double> ticks_within(const Range& axis) {
  std::vector<double> inside;
  const double slack = 1e-9 * (axis.high - axis.low);
  for (double t : nice_ticks(axis.low, axis.high))
    if (t >= axis.low - slack && t <= axis.high + slack) inside.push_back(t);
  return inside;
}

double tick_step(const std::vector<double>& ticks) { return ticks.size() >= 2 ? ticks[1] - ticks[0] : 1.0; }

std::string text_element(double x, double y, const std::string& anchor, const std::string& markup,
                         const std::string& attributes = "") {
  return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"" + anchor + "\"" +
         attributes + ">" + svg_markup(markup) + "</text>\n";
}

std::string line_element(double x1, double y1, double x2, double y2, const std::string& attributes = "") {
  return "<line x1=\"" + svg_number(x1) + "\" y1=\"" + svg_number(y1) + "\" x2=\"" + svg_number(x2) + "\" y2=\"" +
         svg_number(y2) + "\"" + attributes + "/>\n";
}

bool finite(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

}  // namespace

Figure::Figure(std::string title, std::string x_label, std::string y_label, int width, int height)
    : title_(std::move(title)), x_label_(std::move(x_label)), y_label_(std::move(y_label)), width_(width), height_(height) {}

std::string Figure::next_color() { return palette_color(colors_used_++); }

void Figure::add_points(const std::string& label, const std::vector<double>& x, const std::vector<double>& y) {
  add_points(label, x, y, {next_color(), Marker::Circle});
}

void Figure::add_points(const std::string& label, const std::vector<double>& x, const std::vector<double>& y,
                        const PointStyle& style) {
  series_.push_back({Series::Kind::Points, x, y, {}, style, false, false});
  if (!label.empty()) legend_.push_back({LegendEntry::Kind::Points, label, style, false});
}

void Figure::add_line(const std::string& label, const std::vector<double>& x, const std::vector<double>& y) {
  add_line(label, x, y, next_color());
}

void Figure::add_line(const std::string& label, const std::vector<double>& x, const std::vector<double>& y,
                      const std::string& color, bool dashed, bool vertices) {
  series_.push_back({Series::Kind::Line, x, y, {}, {color, Marker::Circle}, dashed, vertices});
  if (!label.empty()) legend_.push_back({LegendEntry::Kind::Line, label, {color, Marker::Circle}, dashed});
}

void Figure::add_band(const std::vector<double>& x, const std::vector<double>& low, const std::vector<double>& high,
                      const std::string& color) {
  series_.push_back({Series::Kind::Band, x, low, high, {color, Marker::Circle}, false, false});
}

void Figure::add_legend_entry(const std::string& label, const PointStyle& style) {
  legend_.push_back({style.color.empty() ? LegendEntry::Kind::Heading : LegendEntry::Kind::Points, label, style, false});
}

void Figure::add_boxes(const std::vector<std::string>& names, const std::vector<BoxSummary>& boxes) {
  box_names_ = names;
  boxes_ = boxes;
}

void Figure::add_reference_y(double y) { reference_y_.push_back(y); }

Figure::Frame Figure::frame() const {
  const bool boxes = !boxes_.empty();
  Frame f;
  // The plot area, with the legend to its right, outside the data.
  double legend_width = 0;
  for (const LegendEntry& e : legend_) legend_width = std::max(legend_width, kCharWidth * visible_length(e.label) + 40);
  f.total_width = width_ + legend_width;
  f.total_height = std::max(static_cast<double>(height_), 52.0 + 17.0 * static_cast<double>(legend_.size()));
  f.left = 80, f.right = width_ - 20.0, f.top = 44, f.bottom = height_ - (boxes ? 70.0 : 56.0);
  Range xr, yr;
  for (const Series& s : series_) {
    for (double v : s.x) xr.add(v);
    for (double v : s.y) yr.add(v);
    for (double v : s.high) yr.add(v);
  }
  for (const BoxSummary& box : boxes_) {  // every value lies within the whiskers or is an outlier
    if (box.n == 0) continue;
    yr.add(box.whisker_low);
    yr.add(box.whisker_high);
    for (double v : box.outliers) yr.add(v);
  }
  for (double v : reference_y_) yr.add(v);
  if (xr.empty()) xr.add(0), xr.add(1);
  if (yr.empty()) yr.add(0), yr.add(1);
  const Range x_axis = boxes ? Range{0.5, static_cast<double>(boxes_.size()) + 0.5} : xr.padded();
  const Range y_axis = yr.padded();
  f.x_low = x_axis.low, f.x_high = x_axis.high, f.y_low = y_axis.low, f.y_high = y_axis.high;
  f.xticks = boxes ? std::vector<double>{} : ticks_within(x_axis);
  f.yticks = ticks_within(y_axis);
  return f;
}

std::string Figure::axes_svg(const Frame& f) const {
  const int x_scale = axis_scale(f.xticks), y_scale = axis_scale(f.yticks);
  std::string out = "<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n";
  out += line_element(f.left, f.bottom, f.right, f.bottom) + line_element(f.left, f.top, f.left, f.bottom);
  for (double t : f.yticks) out += line_element(f.left - 5, f.py(t), f.left, f.py(t));
  for (double t : f.xticks) out += line_element(f.px(t), f.bottom, f.px(t), f.bottom + 5);
  out += "</g>\n<g class=\"tick-labels\">\n";
  for (double t : f.yticks)
    out += text_element(f.left - 8, f.py(t) + 4, "end", tick_label(t, tick_step(f.yticks), y_scale));
  for (double t : f.xticks)
    out += text_element(f.px(t), f.bottom + 19, "middle", tick_label(t, tick_step(f.xticks), x_scale));
  for (std::size_t g = 0; g < box_names_.size(); ++g) {
    const double cx = f.px(static_cast<double>(g + 1));
    out += text_element(cx, f.bottom + 19, "middle", box_names_[g]);
    if (g < boxes_.size())
      out += text_element(cx, f.bottom + 33, "middle", "n = " + std::to_string(boxes_[g].n),
                          " class=\"box-n\" font-size=\"10\" fill=\"#555555\"");
  }
  out += "</g>\n";
  out += text_element((f.left + f.right) / 2, height_ - 12.0, "middle",
                      shorten_label(scaled_title(x_label_, x_scale), (f.right - f.left) / kCharWidth), " class=\"x-label\"");
  out += "<text class=\"y-label\" transform=\"translate(18," + svg_number((f.top + f.bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" +
         svg_markup(shorten_label(scaled_title(y_label_, y_scale), (f.bottom - f.top) / kCharWidth)) + "</text>\n";
  for (double y : reference_y_)
    out += line_element(f.left, f.py(y), f.right, f.py(y), " class=\"reference\" stroke=\"#888888\" stroke-dasharray=\"4 3\"");
  return out;
}

std::string Figure::boxes_svg(const Frame& f) const {
  std::string out;
  for (std::size_t g = 0; g < boxes_.size(); ++g) {
    const BoxSummary& b = boxes_[g];
    if (b.n == 0) continue;
    const double cx = f.px(static_cast<double>(g + 1));
    const double half = std::min(25.0, 0.3 * (f.right - f.left) / static_cast<double>(boxes_.size()));
    out += "<g class=\"box\" stroke=\"" + palette_color(0) + "\" fill=\"none\">\n";
    out += line_element(cx, f.py(b.whisker_low), cx, f.py(b.q1)) + line_element(cx, f.py(b.q3), cx, f.py(b.whisker_high));
    out += "<rect x=\"" + svg_number(cx - half) + "\" y=\"" + svg_number(f.py(b.q3)) + "\" width=\"" +
           svg_number(2 * half) + "\" height=\"" + svg_number(std::max(0.5, f.py(b.q1) - f.py(b.q3))) +
           "\" fill=\"#DCEBF5\"/>\n";
    out += line_element(cx - half, f.py(b.median), cx + half, f.py(b.median), " stroke-width=\"2\"");
    for (double v : b.outliers)
      out += "<circle cx=\"" + svg_number(cx) + "\" cy=\"" + svg_number(f.py(v)) + "\" r=\"2.5\"/>\n";
    out += "</g>\n";
  }
  return out;
}

std::string Figure::series_svg(const Frame& f) const {
  std::string out;
  for (const Series& s : series_) {
    if (s.kind != Series::Kind::Band) continue;
    std::string upper, lower;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size() && i < s.high.size(); ++i)
      if (finite(s.x[i], s.y[i]) && std::isfinite(s.high[i])) {
        upper += svg_number(f.px(s.x[i])) + "," + svg_number(f.py(s.high[i])) + " ";
        lower = svg_number(f.px(s.x[i])) + "," + svg_number(f.py(s.y[i])) + " " + lower;
      }
    out += "<polygon class=\"band\" points=\"" + upper + lower + "\" fill=\"" + s.style.color +
           "\" fill-opacity=\"0.18\" stroke=\"none\"/>\n";
  }
  for (const Series& s : series_) {
    if (s.kind == Series::Kind::Line) {
      std::string points;
      std::size_t vertices = 0;
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (finite(s.x[i], s.y[i])) points += svg_number(f.px(s.x[i])) + "," + svg_number(f.py(s.y[i])) + " ", ++vertices;
      out += "<polyline class=\"series\" fill=\"none\" stroke=\"" + s.style.color + "\" stroke-width=\"2\"" +
             (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + points + "\"/>\n";
      if (s.vertices && vertices <= 50) {  // markers at the vertices of short lines
        out += "<g class=\"vertices\">\n";
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
          if (finite(s.x[i], s.y[i]))
            out += marker_svg(Marker::Square, f.px(s.x[i]), f.py(s.y[i]), 2.8, s.style.color) + "\n";
        out += "</g>\n";
      }
    } else if (s.kind == Series::Kind::Points) {
      out += "<g class=\"series\" fill-opacity=\"0.8\">\n";
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (finite(s.x[i], s.y[i]))
          out += marker_svg(s.style.marker, f.px(s.x[i]), f.py(s.y[i]), 3.2, s.style.color) + "\n";
      out += "</g>\n";
    }
  }
  return out;
}

// One entry per labelled series and per key entry, in the order they were added.
std::string Figure::legend_svg(const Frame& f) const {
  if (legend_.empty()) return "";
  std::string out = "<g class=\"legend\">\n";
  const double lx = f.right + 16;
  double ly = f.top + 6;
  for (const LegendEntry& e : legend_) {
    if (e.kind == LegendEntry::Kind::Line)
      out += line_element(lx, ly, lx + 20, ly,
                          " stroke=\"" + e.style.color + "\" stroke-width=\"2\"" +
                              (e.dashed ? " stroke-dasharray=\"6 4\"" : ""));
    else if (e.kind == LegendEntry::Kind::Points)
      out += marker_svg(e.style.marker, lx + 10, ly, 3.6, e.style.color) + "\n";
    out += text_element(e.kind == LegendEntry::Kind::Heading ? lx : lx + 26, ly + 4, "start", e.label,
                        e.kind == LegendEntry::Kind::Heading ? " font-weight=\"bold\"" : "");
    ly += 17;
  }
  return out + "</g>\n";
}

std::string Figure::svg() const {
  const Frame f = frame();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string w = svg_number(f.total_width), h = svg_number(f.total_height);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + w + "\" height=\"" + h +
         "\" viewBox=\"0 0 " + w + " " + h +
         "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" xml:space=\"preserve\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += text_element(f.total_width / 2, 24, "middle", shorten_label(title_, (f.total_width - 16) / kTitleCharWidth),
                      " class=\"title\" font-size=\"15\"");
  return out + axes_svg(f) + boxes_svg(f) + series_svg(f) + legend_svg(f) + "</svg>\n";
}

}  // namespace ricci
