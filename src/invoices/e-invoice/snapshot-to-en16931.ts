import type { Invoice as EInvoice } from '@e-invoice-eu/core';
import { formatMinorUnits } from '../../common/money';
import { dayIn } from '../../shipments/delivery-date-policy';
import {
  InvoiceSnapshot,
  netOf,
  taxesPerRate,
  type InvoiceAddress,
  type InvoiceSeller,
} from '../invoice-snapshot';

/**
 * An invoice snapshot in @e-invoice-eu/core's input (UBL-shaped JSON, EN 16931 business terms), from which the
 * library writes CII, UBL and the Factur-X/ZUGFeRD PDF. Amounts stay integer minor units until they become the
 * decimal text of the XML here, never a float. A credit note is stored with negated amounts; EN 16931 expresses it
 * as type 381 with positive amounts, so they are negated back.
 *
 * Prices in this shop contain the tax (GROSS_MODE): a line's net amount (BT-131) is its gross less its tax, the
 * same integers the PDF and the order show, so net, VAT per rate (BG-23) and totals add up to the cent with both.
 */
export function snapshotToEn16931(snapshot: InvoiceSnapshot): EInvoice {
  const currency = snapshot.currencyCode as EInvoice['ubl:Invoice']['cbc:DocumentCurrencyCode'];
  const sign = snapshot.kind === 'CREDIT_NOTE' ? -1 : 1;
  const money = (minor: number) => formatMinorUnits(sign * minor, snapshot.currencyCode);
  const zone = snapshot.timeZone ?? 'UTC';
  const day = (iso: string) => dayIn(new Date(iso), zone);
  const net = (gross: number, tax: number) => netOf(gross, tax, snapshot.priceMode);
  const issueDay = day(snapshot.issueDate);

  const lines = [
    ...snapshot.lines.map((l) => ({
      name: l.name,
      sku: l.sku as string | null,
      quantity: l.quantity,
      unitCode: l.unitCode ?? 'H87',
      netAmount: net(l.sumPrice, l.taxAmount),
      rateBp: l.taxRateBp,
    })),
    // Shipping as lines of their own (one per charge), so that each keeps its rate and its cent.
    ...snapshot.expenses.map((e) => ({
      name: `Shipping: ${e.name}`,
      sku: null,
      quantity: 1,
      unitCode: 'C62',
      netAmount: net(e.amount, e.taxAmount),
      rateBp: e.taxRateBp,
    })),
  ];
  const taxes =
    snapshot.taxes.every((t) => t.netAmount !== undefined) && snapshot.version !== 1
      ? snapshot.taxes
      : taxesPerRate(snapshot.lines, snapshot.expenses, snapshot.priceMode);
  const lineTotal = lines.reduce((sum, l) => sum + l.netAmount, 0);
  const taxTotal = taxes.reduce((sum, t) => sum + t.taxAmount, 0);
  const grandTotal = snapshot.totals.grandTotal;
  if (lineTotal + taxTotal !== grandTotal) {
    // Cannot happen for a snapshot this code built; a hand-edited or corrupt one must not become a legal document.
    throw new Error(
      `${snapshot.reference}: net ${lineTotal} + VAT ${taxTotal} ≠ total ${grandTotal} (minor units)`,
    );
  }

  const seller = sellerOf(snapshot.seller);
  const buyer = snapshot.billingAddress;
  const paymentTerms =
    sign === -1
      ? `Credit note for invoice ${snapshot.correctsReference}: the amount is refunded to you; nothing is to be paid.`
      : snapshot.paymentTermDays != null && snapshot.dueDate
        ? `Payable within ${snapshot.paymentTermDays} days, by ${snapshot.dueDate}, without deduction.`
        : null;
  const buyerName = buyer.company || `${buyer.firstName} ${buyer.lastName}`;

  const invoice: EInvoice['ubl:Invoice'] = {
    'cbc:ID': snapshot.reference,
    'cbc:IssueDate': issueDay,
    ...(snapshot.dueDate && sign === 1 ? { 'cbc:DueDate': snapshot.dueDate } : {}),
    'cbc:InvoiceTypeCode': snapshot.kind === 'CREDIT_NOTE' ? '381' : '380',
    ...(snapshot.supplyDateIsIssueDate
      ? { 'cbc:Note': ['Date of supply: the invoice date (nothing had shipped when it was issued).'] }
      : {}),
    'cbc:DocumentCurrencyCode': currency,
    ...(snapshot.buyerReference ? { 'cbc:BuyerReference': snapshot.buyerReference } : {}),
    ...(snapshot.supplyPeriodStart && snapshot.supplyDate
      ? {
          'cac:InvoicePeriod': {
            'cbc:StartDate': snapshot.supplyPeriodStart,
            'cbc:EndDate': snapshot.supplyDate,
          },
        }
      : {}),
    'cac:OrderReference': {
      ...(snapshot.customOrderReference ? { 'cbc:ID': snapshot.customOrderReference } : {}),
      'cbc:SalesOrderID': snapshot.orderReference,
    },
    ...(snapshot.correctsReference
      ? {
          'cac:BillingReference': [
            {
              'cac:InvoiceDocumentReference': {
                'cbc:ID': snapshot.correctsReference,
                ...(snapshot.correctsIssueDate ? { 'cbc:IssueDate': day(snapshot.correctsIssueDate) } : {}),
              },
            },
          ],
        }
      : {}),
    'cac:AccountingSupplierParty': {
      'cac:Party': {
        ...(seller.electronicAddress
          ? { 'cbc:EndpointID': seller.electronicAddress, 'cbc:EndpointID@schemeID': 'EM' }
          : {}),
        'cac:PostalAddress': {
          'cbc:StreetName': seller.street,
          'cbc:CityName': seller.city,
          'cbc:PostalZone': seller.postalCode,
          'cac:Country': { 'cbc:IdentificationCode': seller.country as CountryCode },
        },
        'cac:PartyTaxScheme': [
          { 'cbc:CompanyID': seller.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } },
          ...(seller.taxNumber
            ? [{ 'cbc:CompanyID': seller.taxNumber, 'cac:TaxScheme': { 'cbc:ID': 'FC' } }]
            : []),
        ] as EInvoice['ubl:Invoice']['cac:AccountingSupplierParty']['cac:Party']['cac:PartyTaxScheme'],
        'cac:PartyLegalEntity': { 'cbc:RegistrationName': seller.name },
        'cac:Contact': {
          'cbc:Name': seller.name,
          ...(seller.phone ? { 'cbc:Telephone': seller.phone } : {}),
          ...(seller.electronicAddress ? { 'cbc:ElectronicMail': seller.electronicAddress } : {}),
        },
      },
    },
    'cac:AccountingCustomerParty': {
      'cac:Party': {
        ...(snapshot.buyerEmail
          ? { 'cbc:EndpointID': snapshot.buyerEmail, 'cbc:EndpointID@schemeID': 'EM' }
          : {}),
        'cac:PostalAddress': buyerAddress(buyer),
        ...(buyer.vatId
          ? { 'cac:PartyTaxScheme': { 'cbc:CompanyID': buyer.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } }
          : {}),
        'cac:PartyLegalEntity': { 'cbc:RegistrationName': buyerName },
        ...(buyer.company ? { 'cac:Contact': { 'cbc:Name': `${buyer.firstName} ${buyer.lastName}` } } : {}),
      },
    },
    'cac:Delivery': { 'cbc:ActualDeliveryDate': snapshot.supplyDate ?? issueDay },
    ...(seller.iban
      ? {
          'cac:PaymentMeans': [
            {
              // 58: SEPA credit transfer, to the seller's account, quoting the document's number.
              'cbc:PaymentMeansCode': '58',
              'cbc:PaymentID': snapshot.reference,
              'cac:PayeeFinancialAccount': {
                'cbc:ID': seller.iban,
                'cbc:Name': seller.name,
                ...(seller.bic ? { 'cac:FinancialInstitutionBranch': { 'cbc:ID': seller.bic } } : {}),
              },
            },
          ],
        }
      : {}),
    // BR-CO-25: an amount due needs a due date or payment terms; a credit note's is paid out, not owed. A version 1
    // snapshot stated no terms, and none are made up for it.
    ...(paymentTerms ? { 'cac:PaymentTerms': { 'cbc:Note': paymentTerms } } : {}),
    'cac:TaxTotal': [
      {
        'cbc:TaxAmount': money(taxTotal),
        'cbc:TaxAmount@currencyID': currency,
        'cac:TaxSubtotal': taxes.map((t) => ({
          'cbc:TaxableAmount': money(t.netAmount!),
          'cbc:TaxableAmount@currencyID': currency,
          'cbc:TaxAmount': money(t.taxAmount),
          'cbc:TaxAmount@currencyID': currency,
          'cac:TaxCategory': taxCategory(t.rateBp),
        })),
      },
    ],
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': money(lineTotal),
      'cbc:LineExtensionAmount@currencyID': currency,
      'cbc:TaxExclusiveAmount': money(lineTotal),
      'cbc:TaxExclusiveAmount@currencyID': currency,
      'cbc:TaxInclusiveAmount': money(grandTotal),
      'cbc:TaxInclusiveAmount@currencyID': currency,
      'cbc:PayableAmount': money(grandTotal),
      'cbc:PayableAmount@currencyID': currency,
    },
    'cac:InvoiceLine': lines.map((l, index) => {
      const lineNet = sign * l.netAmount;
      // A unit price exact to the cent when the net divides evenly; else the line's price for its whole quantity
      // (BT-149 base quantity), so that price × quantity is the line's net amount exactly, with no rounding.
      const perUnit = lineNet % l.quantity === 0;
      return {
        'cbc:ID': String(index + 1),
        'cbc:InvoicedQuantity': String(l.quantity),
        'cbc:InvoicedQuantity@unitCode': l.unitCode,
        'cbc:LineExtensionAmount': money(l.netAmount),
        'cbc:LineExtensionAmount@currencyID': currency,
        'cac:Item': {
          'cbc:Name': l.name,
          ...(l.sku ? { 'cac:SellersItemIdentification': { 'cbc:ID': l.sku } } : {}),
          'cac:ClassifiedTaxCategory': taxCategory(l.rateBp),
        },
        'cac:Price': {
          'cbc:PriceAmount': formatMinorUnits(
            perUnit ? lineNet / l.quantity : lineNet,
            snapshot.currencyCode,
          ),
          'cbc:PriceAmount@currencyID': currency,
          ...(perUnit
            ? {}
            : { 'cbc:BaseQuantity': String(l.quantity), 'cbc:BaseQuantity@unitCode': l.unitCode }),
        },
      } as EInvoice['ubl:Invoice']['cac:InvoiceLine'][number];
    }) as EInvoice['ubl:Invoice']['cac:InvoiceLine'],
  };
  return { 'ubl:Invoice': invoice };
}

type CountryCode =
  EInvoice['ubl:Invoice']['cac:AccountingCustomerParty']['cac:Party']['cac:PostalAddress']['cac:Country']['cbc:IdentificationCode'];

/** 1900 basis points → "19"; 1050 → "10.5". */
export function percentOf(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** S (standard or reduced rate) for any positive rate; Z (zero-rated goods) for 0 %. */
function taxCategory(rateBp: number) {
  return {
    'cbc:ID': rateBp > 0 ? 'S' : 'Z',
    'cbc:Percent': percentOf(rateBp),
    'cac:TaxScheme': { 'cbc:ID': 'VAT' },
  } as const;
}

function buyerAddress(a: InvoiceAddress) {
  return {
    'cbc:StreetName': a.address1,
    ...(a.address2 ? { 'cbc:AdditionalStreetName': a.address2 } : {}),
    'cbc:CityName': a.city,
    'cbc:PostalZone': a.zipCode,
    ...(a.address3 ? { 'cac:AddressLine': { 'cbc:Line': a.address3 } } : {}),
    'cac:Country': { 'cbc:IdentificationCode': a.country as CountryCode },
  };
}

/**
 * The seller's structured data. A version 1 snapshot stored one address line ("Street 1, 10115 Berlin, DE"): it is
 * split as well as it goes, and whatever cannot be split stays the street, so old documents still get their XML.
 */
function sellerOf(seller: InvoiceSeller) {
  if (seller.street && seller.city && seller.postalCode && seller.country) {
    return {
      ...seller,
      street: seller.street,
      city: seller.city,
      postalCode: seller.postalCode,
      country: seller.country,
    };
  }
  const match = /^(.+?),\s*(\S+)\s+(.+?),\s*([A-Z]{2})$/.exec(seller.address.trim());
  return {
    ...seller,
    street: match?.[1] ?? seller.address,
    postalCode: match?.[2] ?? '',
    city: match?.[3] ?? '',
    country: match?.[4] ?? 'DE',
  };
}
