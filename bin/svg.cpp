// svg.cpp — axes, ticks, points, lines, box plots and legends in SVG.
#include "bin/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ricci {

namespace {

// A colour-blind-safe palette (Okabe and Ito 2008).
const char* const kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"};

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// The nice number near x: 1, 2, 5 or 10 times a power of ten, rounded or
// taken as the ceiling.
double nice_number(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * std::pow(10.0, exponent);
}

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  bool empty() const { return low > high; }
};

}  // namespace

std::vector<double> nice_ticks(double low, double high, int target) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {0.0, 1.0};
  if (low > high) std::swap(low, high);
  if (low == high) {
    const double pad = low == 0 ? 1.0 : std::fabs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const double step = nice_number(nice_number(high - low, false) / std::max(1, target - 1), true);
  const double first = std::floor(low / step) * step, last = std::ceil(high / step) * step;
  std::vector<double> ticks;
  for (double t = first; t <= last + 0.5 * step; t += step) ticks.push_back(std::fabs(t) < 1e-12 * step ? 0.0 : t);
  return ticks;
}

std::string tick_label(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

Figure::Figure(std::string title, std::string x_label, std::string y_label, int width, int height)
    : title_(std::move(title)), x_label_(std::move(x_label)), y_label_(std::move(y_label)), width_(width), height_(height) {}

void Figure::add_points(const std::string& label, const std::vector<double>& x, const std::vector<double>& y) {
  series_.push_back({Series::Kind::Points, label, x, y});
}

void Figure::add_line(const std::string& label, const std::vector<double>& x, const std::vector<double>& y) {
  series_.push_back({Series::Kind::Line, label, x, y});
}

void Figure::add_boxes(const std::vector<std::string>& names, const std::vector<BoxSummary>& boxes) {
  box_names_ = names;
  boxes_ = boxes;
}

void Figure::add_reference_y(double y) { reference_y_.push_back(y); }

std::string Figure::svg() const {
  // Plot area inside margins for ticks, labels, title and legend.
  const double left = 84, right = width_ - 32.0, top = 40, bottom = height_ - 55.0;
  Range xr, yr;
  for (const Series& s : series_) {
    for (double v : s.x) xr.add(v);
    for (double v : s.y) yr.add(v);
  }
  for (const BoxSummary& box : boxes_) {  // every value lies within the whiskers or is an outlier
    xr.add(0.5);
    xr.add(static_cast<double>(boxes_.size()) + 0.5);
    if (box.n == 0) continue;
    yr.add(box.whisker_low);
    yr.add(box.whisker_high);
    for (double v : box.outliers) yr.add(v);
  }
  for (double v : reference_y_) yr.add(v);
  if (xr.empty()) xr.add(0), xr.add(1);
  if (yr.empty()) yr.add(0), yr.add(1);
  const bool boxes = !boxes_.empty();
  const std::vector<double> xticks = boxes ? std::vector<double>{} : nice_ticks(xr.low, xr.high);
  const std::vector<double> yticks = nice_ticks(yr.low, yr.high);
  const double x0 = boxes ? xr.low : xticks.front(), x1 = boxes ? xr.high : xticks.back();
  const double y0 = yticks.front(), y1 = yticks.back();
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  auto py = [&](double y) { return bottom - (y - y0) / (y1 - y0) * (bottom - top); };

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + std::to_string(width_) +
         "\" height=\"" + std::to_string(height_) + "\" viewBox=\"0 0 " + std::to_string(width_) + " " +
         std::to_string(height_) + "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += "<text class=\"title\" x=\"" + number(width_ / 2.0) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" +
         xml_escape(title_) + "</text>\n";
  // Axes and ticks.
  out += "<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n";
  out += "<line x1=\"" + number(left) + "\" y1=\"" + number(bottom) + "\" x2=\"" + number(right) + "\" y2=\"" +
         number(bottom) + "\"/>\n";
  out += "<line x1=\"" + number(left) + "\" y1=\"" + number(top) + "\" x2=\"" + number(left) + "\" y2=\"" +
         number(bottom) + "\"/>\n";
  for (double t : yticks)
    out += "<line x1=\"" + number(left - 5) + "\" y1=\"" + number(py(t)) + "\" x2=\"" + number(left) + "\" y2=\"" +
           number(py(t)) + "\"/>\n";
  for (double t : xticks)
    out += "<line x1=\"" + number(px(t)) + "\" y1=\"" + number(bottom) + "\" x2=\"" + number(px(t)) + "\" y2=\"" +
           number(bottom + 5) + "\"/>\n";
  out += "</g>\n<g class=\"tick-labels\">\n";
  for (double t : yticks)
    out += "<text x=\"" + number(left - 8) + "\" y=\"" + number(py(t) + 4) + "\" text-anchor=\"end\">" +
           tick_label(t) + "</text>\n";
  for (double t : xticks)
    out += "<text x=\"" + number(px(t)) + "\" y=\"" + number(bottom + 19) + "\" text-anchor=\"middle\">" +
           tick_label(t) + "</text>\n";
  for (std::size_t g = 0; g < box_names_.size(); ++g)
    out += "<text x=\"" + number(px(static_cast<double>(g + 1))) + "\" y=\"" + number(bottom + 19) +
           "\" text-anchor=\"middle\">" + xml_escape(box_names_[g]) + "</text>\n";
  out += "</g>\n";
  out += "<text class=\"x-label\" x=\"" + number((left + right) / 2) + "\" y=\"" + number(height_ - 12.0) +
         "\" text-anchor=\"middle\">" + xml_escape(x_label_) + "</text>\n";
  out += "<text class=\"y-label\" transform=\"translate(16," + number((top + bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + xml_escape(y_label_) + "</text>\n";
  for (double y : reference_y_)
    out += "<line class=\"reference\" x1=\"" + number(left) + "\" y1=\"" + number(py(y)) + "\" x2=\"" + number(right) +
           "\" y2=\"" + number(py(y)) + "\" stroke=\"#888888\" stroke-dasharray=\"4 3\"/>\n";

  // Box plots.
  for (std::size_t g = 0; g < boxes_.size(); ++g) {
    const BoxSummary& b = boxes_[g];
    if (b.n == 0) continue;
    const double cx = px(static_cast<double>(g + 1));
    const double half = std::min(25.0, 0.3 * (right - left) / static_cast<double>(boxes_.size()));
    out += "<g class=\"box\" stroke=\"" + std::string(kColors[0]) + "\" fill=\"none\">\n";
    out += "<line x1=\"" + number(cx) + "\" y1=\"" + number(py(b.whisker_low)) + "\" x2=\"" + number(cx) + "\" y2=\"" +
           number(py(b.q1)) + "\"/>\n";
    out += "<line x1=\"" + number(cx) + "\" y1=\"" + number(py(b.q3)) + "\" x2=\"" + number(cx) + "\" y2=\"" +
           number(py(b.whisker_high)) + "\"/>\n";
    out += "<rect x=\"" + number(cx - half) + "\" y=\"" + number(py(b.q3)) + "\" width=\"" + number(2 * half) +
           "\" height=\"" + number(std::max(0.5, py(b.q1) - py(b.q3))) + "\" fill=\"#DCEBF5\"/>\n";
    out += "<line x1=\"" + number(cx - half) + "\" y1=\"" + number(py(b.median)) + "\" x2=\"" + number(cx + half) +
           "\" y2=\"" + number(py(b.median)) + "\" stroke-width=\"2\"/>\n";
    for (double v : b.outliers)
      out += "<circle cx=\"" + number(cx) + "\" cy=\"" + number(py(v)) + "\" r=\"2.5\"/>\n";
    out += "</g>\n";
  }

  // Points and lines.
  for (std::size_t s = 0; s < series_.size(); ++s) {
    const Series& series = series_[s];
    const std::string color = kColors[s % 8];
    if (series.kind == Series::Kind::Line) {
      std::string points;
      for (std::size_t i = 0; i < series.x.size() && i < series.y.size(); ++i)
        if (std::isfinite(series.x[i]) && std::isfinite(series.y[i]))
          points += number(px(series.x[i])) + "," + number(py(series.y[i])) + " ";
      out += "<polyline class=\"series\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"" + points +
             "\"/>\n";
      if (series.x.size() <= 50) {  // markers at the vertices of short lines
        out += "<g class=\"vertices\" fill=\"" + color + "\">\n";
        for (std::size_t i = 0; i < series.x.size() && i < series.y.size(); ++i)
          if (std::isfinite(series.x[i]) && std::isfinite(series.y[i]))
            out += "<rect x=\"" + number(px(series.x[i]) - 2.5) + "\" y=\"" + number(py(series.y[i]) - 2.5) +
                   "\" width=\"5\" height=\"5\"/>\n";
        out += "</g>\n";
      }
    } else {
      out += "<g class=\"series\" fill=\"" + color + "\" fill-opacity=\"0.75\">\n";
      for (std::size_t i = 0; i < series.x.size() && i < series.y.size(); ++i)
        if (std::isfinite(series.x[i]) && std::isfinite(series.y[i]))
          out += "<circle cx=\"" + number(px(series.x[i])) + "\" cy=\"" + number(py(series.y[i])) + "\" r=\"3\"/>\n";
      out += "</g>\n";
    }
  }

  // Legend, top right, one entry per labelled series, as wide as its longest
  // label (about 6.5 pixels a character at 12 px).
  double ly = top + 8;
  std::string legend;
  std::size_t longest = 0;
  for (const Series& series : series_) longest = std::max(longest, series.label.size());
  const double legend_x = right - std::max(150.0, 6.5 * static_cast<double>(longest) + 34);
  for (std::size_t s = 0; s < series_.size(); ++s) {
    if (series_[s].label.empty()) continue;
    const std::string color = kColors[s % 8];
    const double lx = legend_x;
    if (series_[s].kind == Series::Kind::Line)
      legend += "<line x1=\"" + number(lx) + "\" y1=\"" + number(ly) + "\" x2=\"" + number(lx + 18) + "\" y2=\"" +
                number(ly) + "\" stroke=\"" + color + "\" stroke-width=\"2\"/>\n";
    else
      legend += "<circle cx=\"" + number(lx + 9) + "\" cy=\"" + number(ly) + "\" r=\"3\" fill=\"" + color + "\"/>\n";
    legend += "<text x=\"" + number(lx + 24) + "\" y=\"" + number(ly + 4) + "\">" + xml_escape(series_[s].label) +
              "</text>\n";
    ly += 16;
  }
  if (!legend.empty()) out += "<g class=\"legend\">\n" + legend + "</g>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace ricci
