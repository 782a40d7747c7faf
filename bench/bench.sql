-- The same checks as bench.rules, for SQLite (the peer in bench/run.sh).
.bail on
.mode csv
.import partners.csv partners
.import tenants.csv tenants
.import products.csv products
.import sales.csv sales
CREATE INDEX p_id ON partners(PartnerId);
CREATE INDEX t_id ON tenants(TenantId);
CREATE INDEX pr_id ON products(ProductId);
CREATE INDEX s_res ON sales(ResellerMpnId);
.output /dev/null
SELECT s.InvoiceNumber, s.LineItemId, 'Order ' || s.OrderId || ': ' || s.MpnId || ' resold ' || pr.Title || ' to ' || b.PartnerId
FROM sales s
JOIN products pr ON pr.ProductId = s.ProductId
JOIN tenants t ON t.TenantId = s.CustomerId
JOIN partners b ON b.PartnerId = t.PartnerId
WHERE t.TenantUse = 'CSP' AND pr.ProductType IN ('Azure', 'OnlineServices', 'OnlineServicesNCE')
  AND b.PartnerId != s.MpnId AND (s.ResellerMpnId = '-1' OR b.PartnerId != s.ResellerMpnId)
  AND b.CspRole != 'None' AND b.CspEnrolledOn <= s.OrderDate
  AND (b.CspLeftOn = '' OR s.OrderDate < b.CspLeftOn);
SELECT p.PartnerId, (SELECT count(*) FROM sales s WHERE s.ResellerMpnId = p.PartnerId) AS n
FROM partners p WHERE n > 12;
.output stdout
SELECT 'sqlite resale findings', count(*) FROM sales s
JOIN products pr ON pr.ProductId = s.ProductId
JOIN tenants t ON t.TenantId = s.CustomerId
JOIN partners b ON b.PartnerId = t.PartnerId
WHERE t.TenantUse = 'CSP' AND pr.ProductType IN ('Azure', 'OnlineServices', 'OnlineServicesNCE')
  AND b.PartnerId != s.MpnId AND (s.ResellerMpnId = '-1' OR b.PartnerId != s.ResellerMpnId)
  AND b.CspRole != 'None' AND b.CspEnrolledOn <= s.OrderDate
  AND (b.CspLeftOn = '' OR s.OrderDate < b.CspLeftOn);
