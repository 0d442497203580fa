// bin_svg.cpp — the SVG figure writer: tick choice by hand, and figures that
// are well-formed XML with the expected elements.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bin/svg.h"
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
  CHECK(nice_ticks(5, 5).size() >= 2);  // a single value is widened
  CHECK(tick_label(0.25) == "0.25");
  CHECK(tick_label(1e6) == "1e+06");
}

TEST_CASE("a figure with points, a line, a reference line and a legend is well-formed SVG") {
  Figure figure("eta_l against Ric_{l-1} <test> & more", "Ric", "eta");
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
}

TEST_CASE("a box-plot figure draws the given summaries: a box per non-empty one, the axis covering outliers") {
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
