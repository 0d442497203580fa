// bin_report_svg.cpp — the SVG figure writer: tick choice by hand, and figures that
// are well-formed XML with the expected elements.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bin/report/svg.h"
#include "test/xml_check.h"

using namespace ricci;
using ricci_test::check_xml;

TEST_CASE("nice ticks are 1, 2 or 5 times a power of ten and cover the range") {
  CHECK(nice_ticks(0, 1) == std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1});
  CHECK(nice_ticks(0, 97) == std::vector<double>{0, 20, 40, 60, 80, 100});
  const std::vector<double> t = nice_ticks(-0.37, 0.12);
  CHECK(t.front() <= -0.37);
  CHECK(t.back() >= 0.12);
  CHECK(t[1] - t[0] == doctest::Approx(0.1));
  CHECK(nice_ticks(-1.09, 0.93) == std::vector<double>{-1.5, -1, -0.5, 0, 0.5, 1});  // step 2.02 / 5 -> 0.5
  CHECK(nice_ticks(5, 5).size() >= 2);  // a single value is widened
}

TEST_CASE("tick labels in scaled units: the power of ten in the axis title, never e+07") {
  CHECK(axis_scale({0, 0.2, 0.4}) == 0);
  CHECK(axis_scale({-20, 0, 20}) == 0);
  CHECK(axis_scale({0, 2000, 4000, 6000, 8000}) == 0);
  CHECK(axis_scale({0, 5000, 10000}) == 3);
  CHECK(axis_scale({1e6, 2e6, 3e6, 4e6}) == 6);
  CHECK(axis_scale({-3e7, -2e7}) == 6);  // 30 and 20 (x10^6)
  CHECK(axis_scale({0, 0.002, 0.004}) == -3);
  CHECK(scaled_title("g", 6) == "g (×10^{6})");
  CHECK(scaled_title("g", -3) == "g (×10^{−3})");
  CHECK(scaled_title("g", 0) == "g");
  CHECK(tick_label(0.25, 0.05) == "0.25");
  CHECK(tick_label(0.4, 0.2) == "0.4");
  CHECK(tick_label(-0.5, 0.5) == "−0.5");  // a minus sign, U+2212
  CHECK(tick_label(1.5e7, 5e6, 6) == "15");
  CHECK(tick_label(2.5e6, 5e5, 6) == "2.5");
  CHECK(tick_label(200, 50) == "200");
  CHECK(tick_label(-1e-17, 0.1) == "0");  // no "-0.0"
  CHECK(tick_label(0.004, 0.002, -3) == "4");
}

TEST_CASE("label markup: subscripts and superscripts as tspans, lengths, and labels cut to fit") {
  CHECK(svg_markup("Ric_{l}") == "Ric<tspan dy=\"0.3em\" font-size=\"75%\">l</tspan>");
  CHECK(svg_markup("η_{l} = g_{l+1}") ==
        "η<tspan dy=\"0.3em\" font-size=\"75%\">l</tspan><tspan dy=\"-0.3em\"> = g</tspan>"
        "<tspan dy=\"0.3em\" font-size=\"75%\">l+1</tspan>");
  CHECK(svg_markup("10^{6} & <a>") ==
        "10<tspan dy=\"-0.4em\" font-size=\"75%\">6</tspan><tspan dy=\"0.4em\"> &amp; &lt;a&gt;</tspan>");
  CHECK(svg_markup("a_b {c}") == "a_b {c}");  // no brace after the underscore: literal
  CHECK(visible_length("η_{l}") == 1.75);     // one UTF-8 character and a subscript
  CHECK(visible_length("abc") == 3);
  CHECK(shorten_label("abcdef", 6) == "abcdef");
  CHECK(shorten_label("abcdefgh", 6) == "abcde…");
  CHECK(shorten_label("ηηηηηηηη", 4) == "ηηη…");  // whole UTF-8 characters
  CHECK(shorten_label("x_{abcdefgh}", 4) == "x_{ab}…");  // 1 + 2 x 0.75 + the ellipsis
}

TEST_CASE("colours and markers") {
  CHECK(palette_color(0) == "#0072B2");
  CHECK(palette_color(8) == palette_color(0));
  CHECK(sequential_color(0) == "#440154");      // viridis at 0
  CHECK(sequential_color(1) == "#9CD83C");      // viridis at 0.85: halfway between 0.8 and 0.9, rounded
  CHECK(sequential_color(0.5) == sequential_color(0.5));
  CHECK(marker_at(0) == Marker::Circle);
  CHECK(marker_at(kMarkerCount + 1) == Marker::Square);
  for (int m = 0; m < kMarkerCount; ++m) CHECK(check_xml(marker_svg(marker_at(m), 10, 10, 3, "#000000")).error == "");
}

namespace {

// The numeric value of attribute `name` in each element starting with `tag` (e.g. "<circle").
std::vector<double> attribute_values(const std::string& svg, const std::string& tag, const std::string& name) {
  std::vector<double> values;
  for (std::size_t at = svg.find(tag); at != std::string::npos; at = svg.find(tag, at + 1)) {
    const std::size_t end = svg.find('>', at);
    const std::size_t a = svg.find(" " + name + "=\"", at);
    if (a < end) values.push_back(std::stod(svg.substr(a + name.size() + 3)));
  }
  return values;
}

}  // namespace

TEST_CASE("a figure with points, a line, a reference line and a legend is well-formed SVG") {
  Figure figure("η_{l} against Ric_{l-1} <test> & more", "Ric", "eta");
  figure.add_points("models \"A\"", {1, 2, 3, NAN}, {2, 4, 5, 1});
  figure.add_line("fit", {0, 4}, {1, 6});
  figure.add_reference_y(0);
  const std::string svg = figure.svg();
  const auto summary = check_xml(svg);
  CHECK(summary.error == "");
  CHECK(summary.element_count.at("svg") == 1);
  CHECK(summary.element_count.at("polyline") == 1);
  CHECK(summary.element_count.at("circle") == 3 + 1);  // three finite points and one legend marker
  CHECK(summary.element_count.at("text") >= 6);
  CHECK(svg.find("&lt;test&gt; &amp; more") != std::string::npos);
  CHECK(svg.find("class=\"legend\"") != std::string::npos);
  CHECK(svg.find("class=\"reference\"") != std::string::npos);
  CHECK(svg.find("<tspan") != std::string::npos);  // the subscripts of the title
}

TEST_CASE("axes padded: no point on the frame; the legend right of the plot area, outside the data") {
  // Plot area: x from 80 to width - 20 = 620, y from 44 to height - 56 = 364.
  Figure figure("t", "x", "y");
  figure.add_points("a rather long legend label", {0, 10}, {0, 1});
  const std::string svg = figure.svg();
  const std::vector<double> cx = attribute_values(svg, "<circle", "cx"), cy = attribute_values(svg, "<circle", "cy");
  REQUIRE(cx.size() == 3);  // two points, one legend marker
  // x spans 0..10 padded by 0.5 each side: the points sit 5% of 540 px inside the frame.
  CHECK(cx[0] == doctest::Approx(80 + 540 * 0.5 / 11).epsilon(1e-3));
  CHECK(cx[1] == doctest::Approx(620 - 540 * 0.5 / 11).epsilon(1e-3));
  CHECK(cy[0] == doctest::Approx(364 - 320 * 0.05 / 1.1).epsilon(1e-3));
  CHECK(cy[1] == doctest::Approx(44 + 320 * 0.05 / 1.1).epsilon(1e-3));
  CHECK(cx[2] > 620);  // the legend's marker, right of the plot area
  // The figure is as wide as the plot and its legend.
  CHECK(attribute_values(svg, "<svg", "width")[0] > 640 + 6 * 26);
}

TEST_CASE("large values: ticks in scaled units, the scale in the axis title") {
  Figure figure("t", "g", "Ric_{l}");
  figure.add_points("", {1e6, 4e6}, {-2e4, 3e4});
  const std::string svg = figure.svg();
  CHECK(svg.find("e+0") == std::string::npos);
  CHECK(svg.find("g (×10<tspan dy=\"-0.4em\" font-size=\"75%\">6</tspan><tspan dy=\"0.4em\">)</tspan>") !=
        std::string::npos);
  CHECK(svg.find(">Ric<tspan") != std::string::npos);
  CHECK(svg.find(">−20</text>") != std::string::npos);  // -2e4 in units of 10^3
  CHECK(svg.find("class=\"legend\"") == std::string::npos);  // no labelled series, no legend
}

TEST_CASE("bands, dashed lines, styled points and legend keys") {
  Figure figure("t", "k", "ρ_{k}");
  figure.add_band({1, 2, 3}, {-1, -0.5, 0}, {0, 0.5, 1}, palette_color(1));
  figure.add_line("median", {1, 2, 3}, {-0.5, 0, 0.5}, palette_color(1), true);
  figure.add_points("", {1, 2}, {0, 0}, {sequential_color(0.5), Marker::Diamond});
  figure.add_legend_entry("seed", {});
  figure.add_legend_entry("1", {"#555555", Marker::TriangleUp});
  const std::string svg = figure.svg();
  CHECK(check_xml(svg).error == "");
  CHECK(svg.find("class=\"band\"") != std::string::npos);
  CHECK(svg.find("stroke-dasharray=\"6 4\"") != std::string::npos);
  CHECK(svg.find("font-weight=\"bold\">seed</text>") != std::string::npos);
  // Two diamonds and a triangle in the legend; the line's three vertex squares.
  CHECK(check_xml(svg).element_count.at("polygon") == 1 + 2 + 1);
}

TEST_CASE("a box-plot figure draws the given summaries: a box per non-empty one, n under each") {
  // The summaries of 1, 2, 3, 4, 100 and of 5, 6, 7 (flow/describe.h), and one of no values.
  BoxSummary with_outlier, plain, empty;
  with_outlier.n = 5;
  with_outlier.q1 = 2, with_outlier.median = 3, with_outlier.q3 = 4;
  with_outlier.whisker_low = 1, with_outlier.whisker_high = 4;
  with_outlier.outliers = {100};
  plain.n = 3;
  plain.q1 = 5.5, plain.median = 6, plain.q3 = 6.5;
  plain.whisker_low = 5, plain.whisker_high = 7;
  Figure figure("eta per layer", "layer", "eta");
  figure.add_boxes({"1", "2", "3"}, {with_outlier, plain, empty});
  const std::string svg = figure.svg();
  const auto summary = check_xml(svg);
  CHECK(summary.error == "");
  CHECK(summary.element_count.at("rect") == 1 + 2);  // the background and two non-empty boxes
  CHECK(summary.element_count.at("circle") == 1);    // the outlier 100
  CHECK(svg.find(">100</text>") != std::string::npos);  // the y axis reaches the outlier
  CHECK(svg.find(">3</text>") != std::string::npos);    // the third, empty, box keeps its label
  CHECK(svg.find(">n = 5</text>") != std::string::npos);
  CHECK(svg.find(">n = 3</text>") != std::string::npos);
  CHECK(svg.find(">n = 0</text>") != std::string::npos);
}

TEST_CASE("the XML checker rejects what is not well-formed") {
  CHECK(check_xml("<a><b></a></b>").error != "");
  CHECK(check_xml("<a x=1/>").error != "");
  CHECK(check_xml("<a>& </a>").error != "");
  CHECK(check_xml("<a/><b/>").error != "");
  CHECK(check_xml("<a x=\"1\" x=\"2\"/>").error != "");
  CHECK(check_xml("<a><b/>").error != "");
  CHECK(check_xml("<a x=\"1\">t &amp; u</a>").error == "");
}
