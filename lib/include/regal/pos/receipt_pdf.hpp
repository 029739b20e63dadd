#pragma once
// The receipt as a PDF for 80 mm thermal paper: the page is 80 mm wide and as tall as the
// receipt (one that would be longer than the 200 inches a PDF page can be continues on a
// second page). Same content as format_receipt_text (branch header, number and time, lines with
// their discounts, subtotal, discounts, total, taxes by rate, payments, change, footer and
// "DUPLICATE #n" for a reprint); amounts are the stored ones, never recomputed. Throws what
// render_pdf throws (pdf.hpp).

#include <string>

#include "regal/pos/pdf.hpp"
#include "regal/pos/sale.hpp"

namespace regal::pos {

// `duplicate` > 0 marks a reprint ("DUPLICATE #n").
std::string receipt_pdf(const Sale& sale, const ReceiptContext& context, int duplicate,
                        const PdfOptions& options = {});

}  // namespace regal::pos
