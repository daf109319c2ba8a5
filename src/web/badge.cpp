#include "heartbeat/web/badge.h"

#include "heartbeat/web/html.h"

namespace heartbeat::web {

namespace {

// Verdana 11px averages about 7 px a character; shields pads 5 px each side.
constexpr int kCharWidth = 7;
constexpr int kPadding = 10;
// Labels longer than this are cut (a badge is not the place for a long name).
constexpr std::size_t kMaxLabelCharacters = 60;

// The label cut to whole UTF-8 characters, and how many characters it has.
std::string CutLabel(const std::string& label, std::size_t& characters) {
  characters = 0;
  std::size_t end = 0;
  while (end < label.size()) {
    const auto byte = static_cast<unsigned char>(label[end]);
    const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    if (characters == kMaxLabelCharacters || end + length > label.size()) break;
    end += length;
    ++characters;
  }
  return label.substr(0, end);
}

std::string Text(int x, const std::string& escaped) {
  const std::string at = std::to_string(x);
  return "<text x=\"" + at + "\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">" + escaped +
         "</text><text x=\"" + at + "\" y=\"14\">" + escaped + "</text>";
}

}  // namespace

BadgeState BadgeStateOf(State state) {
  switch (state) {
    case State::kLate:
      return BadgeState::kLate;
    case State::kOutdated:
    case State::kFail:
      return BadgeState::kDown;
    default:
      return BadgeState::kUp;
  }
}

BadgeState CombinedBadgeState(const std::vector<State>& states) {
  BadgeState combined = BadgeState::kUp;
  for (const State state : states) {
    const BadgeState one = BadgeStateOf(state);
    if (one == BadgeState::kDown) return one;
    if (one == BadgeState::kLate) combined = one;
  }
  return combined;
}

const char* BadgeStateName(BadgeState state) {
  switch (state) {
    case BadgeState::kUp:
      return "up";
    case BadgeState::kLate:
      return "late";
    case BadgeState::kDown:
      return "down";
  }
  return "down";
}

const char* BadgeColour(BadgeState state) {
  switch (state) {
    case BadgeState::kUp:
      return "#4c1";
    case BadgeState::kLate:
      return "#fe7d37";
    case BadgeState::kDown:
      return "#e05d44";
  }
  return "#e05d44";
}

const char* ShieldsColour(BadgeState state) {
  switch (state) {
    case BadgeState::kUp:
      return "brightgreen";
    case BadgeState::kLate:
      return "orange";
    case BadgeState::kDown:
      return "red";
  }
  return "red";
}

std::string BadgeSvg(const std::string& label, BadgeState state) {
  std::size_t characters = 0;
  const std::string text = Escape(CutLabel(label, characters));
  const std::string message = BadgeStateName(state);
  const int label_width = static_cast<int>(characters) * kCharWidth + kPadding;
  const int message_width = static_cast<int>(message.size()) * kCharWidth + kPadding;
  const std::string width = std::to_string(label_width + message_width);
  const std::string left = std::to_string(label_width);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width +
         "\" height=\"20\" role=\"img\" aria-label=\"" + text + ": " + message + "\"><title>" +
         text + ": " + message +
         "</title><linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" "
         "stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/>"
         "</linearGradient><clipPath id=\"r\"><rect width=\"" +
         width +
         "\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath><g clip-path=\"url(#r)\">"
         "<rect width=\"" +
         left + "\" height=\"20\" fill=\"#555\"/><rect class=\"message\" x=\"" + left +
         "\" width=\"" + std::to_string(message_width) + "\" height=\"20\" fill=\"" +
         BadgeColour(state) + "\"/><rect width=\"" + width +
         "\" height=\"20\" fill=\"url(#s)\"/></g><g fill=\"#fff\" text-anchor=\"middle\" "
         "font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">" +
         Text(label_width / 2, text) + Text(label_width + message_width / 2, message) +
         "</g></svg>\n";
}

}  // namespace heartbeat::web
