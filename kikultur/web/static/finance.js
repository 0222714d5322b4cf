// Live totals for the finance plan editor. Only a preview: the server computes the figures
// that count (exact decimals) when the form is saved. Amounts are handled as integer cents.
(function () {
  "use strict";
  var form = document.getElementById("finanzplan");
  if (!form) { return; }

  function cents(raw) {
    var text = (raw || "").replace(/€|eur(o)?/gi, "").replace(/[\s\u00a0\u202f'’]/g, "");
    if (text === "") { return 0; }
    text = text.replace(/,-{1,2}$/, "");
    var lastDot = text.lastIndexOf("."), lastComma = text.lastIndexOf(",");
    var decimal = "";
    if (lastDot >= 0 && lastComma >= 0) {
      decimal = lastDot > lastComma ? "." : ",";
    } else if (lastComma >= 0) {
      decimal = text.split(",").length === 2 ? "," : "";
    } else if (lastDot >= 0 && text.split(".").length === 2 && text.length - lastDot - 1 !== 3) {
      decimal = ".";
    }
    var whole = text, fraction = "";
    if (decimal) {
      whole = text.slice(0, text.lastIndexOf(decimal));
      fraction = text.slice(text.lastIndexOf(decimal) + 1);
    }
    whole = whole.replace(/[.,]/g, "");
    if (!/^\d+$/.test(whole) || !/^\d{0,2}$/.test(fraction)) { return null; }
    return parseInt(whole, 10) * 100 + parseInt((fraction + "00").slice(0, 2), 10);
  }

  function euro(value) {
    var sign = value < 0 ? "-" : "";
    var abs = Math.abs(value);
    var whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var rest = String(abs % 100);
    return sign + whole + "," + (rest.length < 2 ? "0" + rest : rest) + " €";
  }

  function sum(kind, onlyGrant) {
    var total = 0, ok = true;
    form.querySelectorAll("tr.line[data-kind='" + kind + "']").forEach(function (row) {
      if (onlyGrant) {
        var category = row.querySelector("select[name$='-category']");
        if (!category || category.value !== "beantragte_foerderung") { return; }
      }
      var value = cents(row.querySelector("input.planned").value);
      if (value === null) { ok = false; } else { total += value; }
    });
    return ok ? total : null;
  }

  function update() {
    var costs = sum("cost"), income = sum("income"), grant = sum("income", true);
    if (costs === null || income === null) { return; }  // an unreadable amount: wait for the server
    document.getElementById("summe-ausgaben").textContent = euro(costs);
    document.getElementById("summe-einnahmen").textContent = euro(income);
    document.getElementById("differenz").textContent = euro(income - costs);
    var rate = document.getElementById("foerderquote");
    if (costs > 0 && grant !== null) {
      rate.textContent = (Math.round(grant * 10000 / costs) / 100).toFixed(2).replace(".", ",") + " %";
    }
    var message = document.getElementById("saldo-meldung");
    if (income < costs) {
      message.textContent = form.dataset.msgMissing.replace("{amount}", euro(costs - income));
      message.className = "difference-error";
    } else if (income > costs) {
      message.textContent = form.dataset.msgSurplus.replace("{amount}", euro(income - costs));
      message.className = "difference-error";
    } else {
      message.textContent = costs > 0 ? form.dataset.msgBalanced : "";
      message.className = "difference-ok";
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
