// svg_text.h — the text of a figure: mathematical labels, tick labels in
// scaled units, and colours and marker shapes.
//
// Labels are written in a small markup: `_{...}` a subscript, `^{...}` a
// superscript, everything else literal UTF-8 (η, ρ, ×, −). "η_{l} = g_{l+1}
// − g_{l}" becomes SVG text with tspans shifted down and set smaller, so the
// label reads as mathematics in any SVG viewer, with no font or script.
//
//   svg_markup("Ric_{l-1}")   Ric<tspan dy="3" font-size="0.75em">l-1</tspan>...
//   axis_scale(ticks)         3 for ticks up to 4,000,000: "g (×10^{6})", ticks 0, 1, 2, 3, 4
#pragma once

#include <string>
#include <vector>

namespace ricci {

// Escapes &, <, >, " for SVG text and attributes.
std::string xml_escape(const std::string& text);

// The SVG content of a label in the markup above (escaped; tspans for
// sub- and superscripts). An unclosed `_{` runs to the end of the label.
std::string svg_markup(const std::string& markup);
// The characters a label shows (UTF-8 sequences counted once, the markup's
// braces not at all), sub- and superscripts counted as 3/4 of a character:
// what its width in the figure is estimated from.
double visible_length(const std::string& markup);
// The label cut to at most `max_chars` visible characters, ending in "…"
// when cut (the markup of a cut script is closed).
std::string shorten_label(const std::string& markup, double max_chars);

// Ticks covering [low, high] at a nice step (1, 2 or 5 times a power of
// ten), about `target` of them; low < high expected (equal values are widened).
std::vector<double> nice_ticks(double low, double high, int target = 6);

// The power of ten (a multiple of 3) the tick labels of an axis are given
// in: 0 when every tick lies within 10^-2 <= |t| < 10^4 (or is 0), else the
// exponent that brings the largest |t| into [1, 1000).
int axis_scale(const std::vector<double>& ticks);
// The axis title with its scale: "g" and 6 give "g (×10^{6})"; unchanged for 0.
std::string scaled_title(const std::string& title, int scale);
// A tick's label in units of 10^scale, with the decimals the step between
// ticks needs and no more: 0.2, 0.4; 1.5; 200; never "e+07".
std::string tick_label(double value, double step, int scale = 0);

// Marker shapes for points, in the order they are handed out.
enum class Marker { Circle, Square, TriangleUp, Diamond, TriangleDown, Cross, Plus, Star };
constexpr int kMarkerCount = 8;
Marker marker_at(std::size_t i);  // the i-th shape, cycling
// An SVG element drawing the marker centred at (x, y), radius about r, in
// `color` (the plus and the cross as strokes, the others filled).
std::string marker_svg(Marker marker, double x, double y, double r, const std::string& color);

// The i-th colour of a colour-blind-safe palette (Okabe and Ito 2008), cycling.
std::string palette_color(std::size_t i);
// A colour of the sequential viridis map at t in [0, 1] (dark blue to green;
// its pale yellow end left out, which vanishes on white).
std::string sequential_color(double t);

// A coordinate with two decimals ("12.50").
std::string svg_number(double value);

}  // namespace ricci
