// The BOM editor: add, delete and reorder lines, show each line's own fields, pick datasets.
// Without this script the form still works: a fixed number of rows and "add 5 more lines".
"use strict";

(function () {
  const form = document.querySelector("form.bom-editor");
  if (!form) {
    return;
  }
  const body = form.querySelector("table.lines tbody");
  const blank = document.getElementById("blank-line");
  const picker = document.getElementById("picker");
  let target = null; // the line whose dataset the picker fills

  form.classList.add("js-editor");

  function renumber() {
    body.querySelectorAll("tr.line").forEach(function (row, i) {
      row.querySelector("td.pos").textContent = String(i + 1);
    });
  }

  function wire(row) {
    row.querySelectorAll("button[hidden]").forEach(function (button) {
      button.hidden = false;
    });
    const kind = row.querySelector("select.kind");
    kind.addEventListener("change", function () {
      row.dataset.kind = kind.value;
    });
    row.querySelector("button.up").addEventListener("click", function () {
      const before = row.previousElementSibling;
      if (before) {
        body.insertBefore(row, before);
        renumber();
      }
    });
    row.querySelector("button.down").addEventListener("click", function () {
      const after = row.nextElementSibling;
      if (after) {
        body.insertBefore(after, row);
        renumber();
      }
    });
    row.querySelector("button.delete").addEventListener("click", function () {
      row.remove();
      if (!body.querySelector("tr.line")) {
        addLine();
      }
      renumber();
    });
    row.querySelector("button.pick").addEventListener("click", function () {
      target = row;
      picker.querySelector("input.q").value = row.querySelector("input.activity").value;
      picker.showModal();
      picker.querySelector("input.q").focus();
    });
  }

  function addLine() {
    const row = blank.content.querySelector("tr.line").cloneNode(true);
    body.appendChild(row);
    wire(row);
    renumber();
    row.querySelector("input.ref").focus();
    return row;
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    return td;
  }

  function choose(item) {
    if (target) {
      target.querySelector("input.activity").value = item.code;
      const chosen = target.querySelector(".chosen");
      chosen.textContent = [item.name, item.unit, item.region + " " + item.year,
        picker.dataset.grade + " " + item.grade].join(" · ");
      chosen.title = item.source;
      const unit = target.querySelector("select.unit");
      if (Array.from(unit.options).some(function (o) { return o.value === item.unit; })) {
        unit.value = item.unit;
      }
      target.querySelector("input.amount").focus();
    }
    picker.close();
  }

  function search() {
    const q = picker.querySelector("input.q").value;
    const url = picker.dataset.url + "?q=" + encodeURIComponent(q) +
      "&lang=" + encodeURIComponent(picker.dataset.lang);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (found) {
        const results = picker.querySelector("table.results tbody");
        results.replaceChildren();
        if (!found.items.length) {
          const row = document.createElement("tr");
          const td = cell(picker.dataset.none);
          td.colSpan = 7;
          row.appendChild(td);
          results.appendChild(row);
        }
        found.items.forEach(function (item) {
          const row = document.createElement("tr");
          const name = cell(item.name);
          const code = document.createElement("div");
          code.className = "muted code";
          code.textContent = item.code;
          name.appendChild(code);
          row.append(name, cell(item.unit), cell(item.region), cell(item.year),
            cell(item.source), cell(item.grade));
          const button = document.createElement("button");
          button.type = "button";
          button.className = "choose";
          button.textContent = picker.dataset.choose;
          button.addEventListener("click", function () { choose(item); });
          const last = document.createElement("td");
          last.appendChild(button);
          row.appendChild(last);
          results.appendChild(row);
        });
      });
  }

  body.querySelectorAll("tr.line").forEach(wire);
  form.querySelector("button.add-line").hidden = false;
  form.querySelector("button.add-line").addEventListener("click", addLine);
  picker.querySelector("button.go").addEventListener("click", search);
  picker.querySelector("input.q").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      search();
    }
  });
})();
