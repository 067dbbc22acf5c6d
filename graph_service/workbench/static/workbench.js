// Adds "Save as PNG" beside each chart drawn as SVG: the SVG is drawn onto a canvas in the
// page and saved from there, so nothing leaves the browser. The charts and their tables work
// without this script.
"use strict";

function savePng(svg, name) {
  const copy = svg.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const box = svg.viewBox.baseVal;
  const width = box && box.width ? box.width : svg.clientWidth;
  const height = box && box.height ? box.height : svg.clientHeight;
  const source = new XMLSerializer().serializeToString(copy);
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    const scale = 2;
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }, "image/png");
  };
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(source);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const chart of document.querySelectorAll("[data-chart]")) {
    const svg = chart.querySelector("svg.pathway, svg.bars");
    if (!svg) continue;
    const actions = document.createElement("p");
    actions.className = "chart-actions";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Save chart as PNG";
    button.addEventListener("click", () => savePng(svg, chart.dataset.chart));
    actions.appendChild(button);
    svg.parentNode.after(actions);
  }
});
