// svg_text.cpp — label markup, ticks in scaled units, colours and markers.
#include "bin/report/svg_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ricci {

namespace {

// A run of a label's text at one level: 0 the baseline, -1 a subscript, +1
// a superscript.
struct Segment {
  std::string text;
  int level = 0;
};

std::vector<Segment> segments(const std::string& markup) {
  std::vector<Segment> out(1);
  for (std::size_t i = 0; i < markup.size(); ++i) {
    const char c = markup[i];
    if ((c == '_' || c == '^') && i + 1 < markup.size() && markup[i + 1] == '{' && out.back().level == 0) {
      out.push_back({"", c == '_' ? -1 : 1});
      ++i;
    } else if (c == '}' && out.back().level != 0) {
      out.push_back({"", 0});
    } else {
      out.back().text += c;
    }
  }
  return out;
}

// The start of a UTF-8 character (not a continuation byte).
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

double characters(const std::string& text) {
  return static_cast<double>(std::count_if(text.begin(), text.end(), starts_character));
}

// The baseline shift of a level, in em: down for a subscript, up for a superscript.
double shift(int level) { return level < 0 ? 0.3 : level > 0 ? -0.4 : 0.0; }

std::string em(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%gem", value);
  return buffer;
}

}  // namespace

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

std::string svg_markup(const std::string& markup) {
  std::string out;
  double offset = 0;  // the current baseline shift
  for (const Segment& s : segments(markup)) {
    if (s.text.empty()) continue;
    const double dy = shift(s.level) - offset;
    offset = shift(s.level);
    if (dy == 0 && s.level == 0) {
      out += xml_escape(s.text);
      continue;
    }
    out += "<tspan";
    if (dy != 0) out += " dy=\"" + em(dy) + "\"";
    if (s.level != 0) out += " font-size=\"75%\"";
    out += ">" + xml_escape(s.text) + "</tspan>";
  }
  return out;
}

double visible_length(const std::string& markup) {
  double length = 0;
  for (const Segment& s : segments(markup)) length += characters(s.text) * (s.level == 0 ? 1.0 : 0.75);
  return length;
}

std::string shorten_label(const std::string& markup, double max_chars) {
  if (visible_length(markup) <= max_chars) return markup;
  std::string out;
  double length = 0;
  for (const Segment& s : segments(markup)) {
    const double weight = s.level == 0 ? 1.0 : 0.75;
    std::string kept;
    for (std::size_t i = 0; i < s.text.size(); ++i) {
      if (starts_character(s.text[i])) {
        if (length + weight > max_chars - 1) break;
        length += weight;
      }
      kept += s.text[i];
    }
    // (The cut falls before the first byte of a character: whole characters are kept.)
    out += s.level == 0 ? kept : std::string(s.level < 0 ? "_{" : "^{") + kept + "}";
    if (kept.size() < s.text.size()) break;
  }
  return out + "…";
}

namespace {

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

}  // namespace

std::vector<double> nice_ticks(double low, double high, int target) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {0.0, 1.0};
  if (low > high) std::swap(low, high);
  if (low == high) {
    const double pad = low == 0 ? 1.0 : std::fabs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const double step = nice_number((high - low) / std::max(1, target - 1), true);
  const double first = std::floor(low / step) * step, last = std::ceil(high / step) * step;
  std::vector<double> ticks;
  for (double t = first; t <= last + 0.5 * step; t += step) ticks.push_back(std::fabs(t) < 1e-12 * step ? 0.0 : t);
  return ticks;
}

int axis_scale(const std::vector<double>& ticks) {
  double largest = 0;
  for (double t : ticks) largest = std::max(largest, std::fabs(t));
  if (largest == 0 || !std::isfinite(largest) || (largest >= 1e-2 && largest < 1e4)) return 0;
  return 3 * static_cast<int>(std::floor(std::floor(std::log10(largest)) / 3.0));
}

std::string scaled_title(const std::string& title, int scale) {
  if (scale == 0) return title;
  const std::string exponent = scale < 0 ? "−" + std::to_string(-scale) : std::to_string(scale);
  return title + " (×10^{" + exponent + "})";
}

std::string tick_label(double value, double step, int scale) {
  const double unit = std::pow(10.0, scale);
  const double scaled_step = std::fabs(step) / unit;
  int decimals = scaled_step > 0 && std::isfinite(scaled_step)
                     ? static_cast<int>(std::ceil(-std::log10(scaled_step) - 1e-9))
                     : 0;
  decimals = std::clamp(decimals, 0, 10);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value / unit);
  std::string text = buffer;
  if (text.find_first_not_of("-0.") == std::string::npos) return "0";  // no "-0.0"
  if (text[0] == '-') text = "−" + text.substr(1);  // the minus sign, not a hyphen
  return text;
}

Marker marker_at(std::size_t i) { return static_cast<Marker>(i % kMarkerCount); }

std::string svg_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string marker_svg(Marker marker, double x, double y, double r, const std::string& color) {
  auto polygon = [&](const std::vector<std::pair<double, double>>& corners) {
    std::string points;
    for (const auto& [dx, dy] : corners) points += (points.empty() ? "" : " ") + svg_number(x + dx) + "," + svg_number(y + dy);
    return "<polygon points=\"" + points + "\" fill=\"" + color + "\"/>";
  };
  auto strokes = [&](double a, double b, double c, double d) {
    return "<path d=\"M" + svg_number(x - a) + " " + svg_number(y - b) + "L" + svg_number(x + a) + " " +
           svg_number(y + b) + "M" + svg_number(x - c) + " " + svg_number(y - d) + "L" + svg_number(x + c) + " " +
           svg_number(y + d) + "\" stroke=\"" + color + "\" stroke-width=\"1.6\" fill=\"none\"/>";
  };
  const double t = 1.2 * r;  // triangles and diamonds a little larger: they cover less than a disc
  switch (marker) {
    case Marker::Circle:
      return "<circle cx=\"" + svg_number(x) + "\" cy=\"" + svg_number(y) + "\" r=\"" + svg_number(r) + "\" fill=\"" +
             color + "\"/>";
    case Marker::Square:
      return "<rect x=\"" + svg_number(x - 0.9 * r) + "\" y=\"" + svg_number(y - 0.9 * r) + "\" width=\"" +
             svg_number(1.8 * r) + "\" height=\"" + svg_number(1.8 * r) + "\" fill=\"" + color + "\"/>";
    case Marker::TriangleUp: return polygon({{0, -t}, {0.87 * t, 0.5 * t}, {-0.87 * t, 0.5 * t}});
    case Marker::TriangleDown: return polygon({{0, t}, {0.87 * t, -0.5 * t}, {-0.87 * t, -0.5 * t}});
    case Marker::Diamond: return polygon({{0, -t}, {t, 0}, {0, t}, {-t, 0}});
    case Marker::Cross: return strokes(r, r, r, -r);
    case Marker::Plus: return strokes(1.2 * r, 0, 0, 1.2 * r);
    case Marker::Star: {
      std::vector<std::pair<double, double>> corners;
      for (int i = 0; i < 10; ++i) {
        const double angle = M_PI * i / 5.0 - M_PI / 2, radius = i % 2 ? 0.5 * t : 1.1 * t;
        corners.push_back({radius * std::cos(angle), radius * std::sin(angle)});
      }
      return polygon(corners);
    }
  }
  return "";
}

std::string palette_color(std::size_t i) {
  static const char* const kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                        "#E69F00", "#56B4E9", "#F0E442", "#000000"};
  return kColors[i % 8];
}

std::string sequential_color(double t) {
  // viridis at 0, 0.1, ..., 1 (matplotlib's values); t is mapped onto [0, 0.85].
  static const int kViridis[11][3] = {{68, 1, 84},    {72, 36, 117},  {65, 68, 135},  {53, 95, 141},
                                      {42, 120, 142}, {33, 145, 140}, {34, 168, 132}, {68, 191, 112},
                                      {122, 209, 81}, {189, 223, 38}, {253, 231, 37}};
  const double u = 10 * 0.85 * std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  const int i = std::min(9, static_cast<int>(u));
  const double f = u - i;
  char buffer[8];
  int rgb[3];
  for (int c = 0; c < 3; ++c) rgb[c] = static_cast<int>(std::lround(kViridis[i][c] + f * (kViridis[i + 1][c] - kViridis[i][c])));
  std::snprintf(buffer, sizeof buffer, "#%02X%02X%02X", rgb[0], rgb[1], rgb[2]);
  return buffer;
}

}  // namespace ricci
