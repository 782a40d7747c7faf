-- verdict VERSION: the rules compiled for spark (verdict sql)
-- as-of date: 2026-11-25

-- findings
-- expected tables (one per dataset; verdict convert's columns but __null, typed):
--   `lake`.`csp`.`partners` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `PartnerId` STRING, `PartnerName` STRING, `Country` STRING, `CspRegion` STRING, `CspRole` STRING, `ProgramStatus` STRING, `VerificationStatus` STRING, `IsAgreementSigned` BOOLEAN, `CspEnrolledOn` DATE, `CspLeftOn` DATE, `IsSelf` BOOLEAN)
--   `lake`.`csp`.`tenants` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `TenantId` STRING, `PartnerId` STRING, `PrimaryDomain` STRING, `TenantUse` STRING, `Cloud` STRING)
--   `lake`.`csp`.`relationships` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `ProviderId` STRING, `Id` STRING, `Name` STRING, `MpnId` STRING, `Location` STRING, `RelationshipType` STRING, `State` STRING, `AuthorizedAt` DATE, `RemovedAt` DATE)
--   `lake`.`csp`.`customers` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `CustomerId` STRING, `CompanyName` STRING, `Domain` STRING, `Relationship` STRING, `Country` STRING, `Cloud` STRING)
--   `lake`.`csp`.`customer_clouds` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `CustomerId` STRING, `Cloud` STRING, `Evidence` STRING)
--   `lake`.`csp`.`customer_partners` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `CustomerId` STRING, `PartnerId` STRING, `RelationshipToPartner` STRING, `Channel` STRING, `Workload` STRING, `EstablishedAt` DATE, `EndedAt` DATE)
--   `lake`.`csp`.`products` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `ProductId` STRING, `Title` STRING, `ProductType` STRING)
--   `lake`.`csp`.`sales` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `InvoiceNumber` STRING, `PartnerId` STRING, `MpnId` STRING, `ResellerMpnId` STRING, `CustomerId` STRING, `CustomerName` STRING, `CustomerDomainName` STRING, `CustomerCountry` STRING, `OrderId` STRING, `OrderDate` DATE, `ChargeStartDate` DATE, `ProductId` STRING, `SkuId` STRING, `ProductName` STRING, `SubscriptionDescription` STRING, `PublisherName` STRING, `TermAndBillingCycle` STRING, `ChargeType` STRING, `UnitPrice` DECIMAL(38,6), `Quantity` DECIMAL(38,6), `Subtotal` DECIMAL(38,6), `Currency` STRING, `SubscriptionId` STRING)
--   `lake`.`csp`.`usage` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `CustomerId` STRING, `CustomerName` STRING, `MpnId` STRING, `ResellerMpnId` STRING, `SubscriptionId` STRING, `ProductName` STRING, `MeterCategory` STRING, `UsageDate` DATE, `BillingPreTaxTotal` DECIMAL(38,6), `BillingCurrency` STRING)
--   `lake`.`csp`.`admin_actions` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `OperationDate` TIMESTAMP, `PartnerId` STRING, `UserPrincipalName` STRING, `UserRoles` STRING, `ResourceType` STRING, `OperationType` STRING, `OperationStatus` STRING, `CustomerId` STRING)
--   `lake`.`csp`.`user_roles` (__file STRING, __line BIGINT, __key STRING, __ident STRING, `UserPrincipalName` STRING, `PartnerId` STRING, `Roles` STRING, `RetrievedOn` DATE)
SET TIME ZONE 'UTC';
WITH `partners__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `PartnerId` AS `PartnerId`,
  `PartnerName` AS `PartnerName`,
  `Country` AS `Country`,
  `CspRegion` AS `CspRegion`,
  `CspRole` AS `CspRole`,
  `ProgramStatus` AS `ProgramStatus`,
  `VerificationStatus` AS `VerificationStatus`,
  `IsAgreementSigned` AS `IsAgreementSigned`,
  `CspEnrolledOn` AS `CspEnrolledOn`,
  `CspLeftOn` AS `CspLeftOn`,
  `IsSelf` AS `IsSelf`
FROM `lake`.`csp`.`partners`),
`tenants__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `TenantId` AS `TenantId`,
  `PartnerId` AS `PartnerId`,
  `PrimaryDomain` AS `PrimaryDomain`,
  `TenantUse` AS `TenantUse`,
  `Cloud` AS `Cloud`
FROM `lake`.`csp`.`tenants`),
`relationships__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `ProviderId` AS `ProviderId`,
  `Id` AS `Id`,
  `Name` AS `Name`,
  `MpnId` AS `MpnId`,
  `Location` AS `Location`,
  `RelationshipType` AS `RelationshipType`,
  `State` AS `State`,
  `AuthorizedAt` AS `AuthorizedAt`,
  `RemovedAt` AS `RemovedAt`
FROM `lake`.`csp`.`relationships`),
`customers__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `CustomerId` AS `CustomerId`,
  `CompanyName` AS `CompanyName`,
  `Domain` AS `Domain`,
  `Relationship` AS `Relationship`,
  `Country` AS `Country`,
  `Cloud` AS `Cloud`
FROM `lake`.`csp`.`customers`),
`customer_clouds__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `CustomerId` AS `CustomerId`,
  `Cloud` AS `Cloud`,
  `Evidence` AS `Evidence`
FROM `lake`.`csp`.`customer_clouds`),
`customer_partners__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `CustomerId` AS `CustomerId`,
  `PartnerId` AS `PartnerId`,
  `RelationshipToPartner` AS `RelationshipToPartner`,
  `Channel` AS `Channel`,
  `Workload` AS `Workload`,
  `EstablishedAt` AS `EstablishedAt`,
  `EndedAt` AS `EndedAt`
FROM `lake`.`csp`.`customer_partners`),
`products__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `ProductId` AS `ProductId`,
  `Title` AS `Title`,
  `ProductType` AS `ProductType`
FROM `lake`.`csp`.`products`),
`sales__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `InvoiceNumber` AS `InvoiceNumber`,
  `PartnerId` AS `PartnerId`,
  `MpnId` AS `MpnId`,
  `ResellerMpnId` AS `ResellerMpnId`,
  `CustomerId` AS `CustomerId`,
  `CustomerName` AS `CustomerName`,
  `CustomerDomainName` AS `CustomerDomainName`,
  `CustomerCountry` AS `CustomerCountry`,
  `OrderId` AS `OrderId`,
  `OrderDate` AS `OrderDate`,
  `ChargeStartDate` AS `ChargeStartDate`,
  `ProductId` AS `ProductId`,
  `SkuId` AS `SkuId`,
  `ProductName` AS `ProductName`,
  `SubscriptionDescription` AS `SubscriptionDescription`,
  `PublisherName` AS `PublisherName`,
  `TermAndBillingCycle` AS `TermAndBillingCycle`,
  `ChargeType` AS `ChargeType`,
  CAST(`UnitPrice` * 1000000 AS BIGINT) AS `UnitPrice`,
  CAST(`Quantity` * 1000000 AS BIGINT) AS `Quantity`,
  CAST(`Subtotal` * 1000000 AS BIGINT) AS `Subtotal`,
  `Currency` AS `Currency`,
  `SubscriptionId` AS `SubscriptionId`
FROM `lake`.`csp`.`sales`),
`usage__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `CustomerId` AS `CustomerId`,
  `CustomerName` AS `CustomerName`,
  `MpnId` AS `MpnId`,
  `ResellerMpnId` AS `ResellerMpnId`,
  `SubscriptionId` AS `SubscriptionId`,
  `ProductName` AS `ProductName`,
  `MeterCategory` AS `MeterCategory`,
  `UsageDate` AS `UsageDate`,
  CAST(`BillingPreTaxTotal` * 1000000 AS BIGINT) AS `BillingPreTaxTotal`,
  `BillingCurrency` AS `BillingCurrency`
FROM `lake`.`csp`.`usage`),
`admin_actions__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  unix_micros(`OperationDate`) AS `OperationDate`,
  `PartnerId` AS `PartnerId`,
  `UserPrincipalName` AS `UserPrincipalName`,
  `UserRoles` AS `UserRoles`,
  `ResourceType` AS `ResourceType`,
  `OperationType` AS `OperationType`,
  `OperationStatus` AS `OperationStatus`,
  `CustomerId` AS `CustomerId`
FROM `lake`.`csp`.`admin_actions`),
`user_roles__typed` AS (SELECT
  `__file`, CAST(`__line` AS BIGINT) AS `__line`, `__key`, `__ident`,
  `UserPrincipalName` AS `UserPrincipalName`,
  `PartnerId` AS `PartnerId`,
  `Roles` AS `Roles`,
  `RetrievedOn` AS `RetrievedOn`
FROM `lake`.`csp`.`user_roles`)
SELECT NULL AS rule_id, NULL AS severity, NULL AS dataset, NULL AS record_key, NULL AS source_file, NULL AS source_line, NULL AS message, NULL AS evidence, NULL AS fingerprint, NULL AS evidence_sources WHERE 1 = 0
UNION ALL
-- CSP-CUSTOMER-001
SELECT 'CSP-CUSTOMER-001' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ': ' || COALESCE(`v0`.`CustomerName`, '(blank)') || ' (' || COALESCE(`v0`.`CustomerId`, '(blank)') || ') had no CSP reseller relationship in force on ' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || ' with ' || COALESCE((COALESCE(`v3`.`PartnerName`, 'not found in partners')), '(blank)') || ' (' || COALESCE((COALESCE(`v0`.`ResellerMpnId`, `v0`.`MpnId`)), '(blank)') || '), the partner responsible for the line (seller ' || COALESCE(`v0`.`MpnId`, '(blank)') || '; ' || COALESCE(CAST((COALESCE(`a0`.`v`, 0)) AS STRING), '(blank)') || ' customer_partners row(s) for this customer and partner)' AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';resp=partners[' || COALESCE(`v3`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-CUSTOMER-001' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';resp=partners[' || COALESCE(`v3`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';resp=' || COALESCE(`v3`.`__file` || ':' || CAST(`v3`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v3` ON `v3`.`PartnerId` = (COALESCE(`v0`.`ResellerMpnId`, `v0`.`MpnId`))
LEFT JOIN (SELECT `v2`.`CustomerId` AS `k0`, `v2`.`PartnerId` AS `k1`, COUNT(*) AS `v`
  FROM `customer_partners__typed` AS `v2`
  GROUP BY `v2`.`CustomerId`, `v2`.`PartnerId`) AS `a0` ON `a0`.`k0` = `v0`.`CustomerId` AND `a0`.`k1` = (COALESCE(`v0`.`ResellerMpnId`, `v0`.`MpnId`))
WHERE (NOT EXISTS (SELECT 1 FROM `customer_partners__typed` AS `v1` WHERE `v1`.`CustomerId` = `v0`.`CustomerId` AND `v1`.`PartnerId` = (COALESCE(`v0`.`ResellerMpnId`, `v0`.`MpnId`)) AND `v1`.`RelationshipToPartner` = 'reseller' AND `v1`.`Channel` = 'CSP' AND (`v1`.`EstablishedAt` <= `v0`.`OrderDate`) AND ((`v1`.`EndedAt` IS NULL) OR COALESCE(`v0`.`OrderDate` < `v1`.`EndedAt`, FALSE))))
UNION ALL
-- CSP-MULTI-001
SELECT 'CSP-MULTI-001' AS rule_id, 'info' AS severity, 'customers' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  COALESCE(`v0`.`CompanyName`, '(blank)') || ' (' || COALESCE(`v0`.`CustomerId`, '(blank)') || ', ' || COALESCE((COALESCE(`v2`.`Cloud`, `v0`.`Cloud`, 'Global')), '(blank)') || ' cloud) has ' || COALESCE(CAST((COALESCE(`a0`.`v`, 0)) AS STRING), '(blank)') || ' partner relationships in force on ' || COALESCE(CAST(DATE '2026-11-25' AS STRING), '(blank)') AS message,
  'c=customers[' || COALESCE(`v0`.`__key`, '') || ']' || ';cc=customer_clouds[' || COALESCE(`v2`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-MULTI-001' || char(31) || `v0`.`__ident` || char(31) || 'c=customers[' || COALESCE(`v0`.`__ident`, '') || ']' || ';cc=customer_clouds[' || COALESCE(`v2`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'c=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';cc=' || COALESCE(`v2`.`__file` || ':' || CAST(`v2`.`__line` AS STRING), '') AS evidence_sources
FROM `customers__typed` AS `v0`
LEFT JOIN `customer_clouds__typed` AS `v2` ON `v2`.`CustomerId` = `v0`.`CustomerId`
LEFT JOIN (SELECT `v1`.`CustomerId` AS `k0`, COUNT(*) AS `v`
  FROM `customer_partners__typed` AS `v1` WHERE (`v1`.`EstablishedAt` <= DATE '2026-11-25') AND ((`v1`.`EndedAt` IS NULL) OR COALESCE(DATE '2026-11-25' < `v1`.`EndedAt`, FALSE))
  GROUP BY `v1`.`CustomerId`) AS `a0` ON `a0`.`k0` = `v0`.`CustomerId`
WHERE ((COALESCE(`a0`.`v`, 0)) > 1)
UNION ALL
-- CSP-CLOUD-001
SELECT 'CSP-CLOUD-001' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ': customer ' || COALESCE(`v1`.`CompanyName`, '(blank)') || ' (' || COALESCE(`v1`.`CustomerId`, '(blank)') || ') is in the ' || COALESCE((COALESCE(`v2`.`Cloud`, `v1`.`Cloud`, 'Global')), '(blank)') || ' cloud (customer_clouds: ' || COALESCE(`v2`.`Cloud`, '(blank)') || ', ' || COALESCE((COALESCE(`v2`.`Evidence`, 'no evidence given')), '(blank)') || '; customer list: ' || COALESCE(`v1`.`Cloud`, '(blank)') || '; exports: ' || COALESCE('Global', '(blank)') || ') but seller ' || COALESCE(`v0`.`MpnId`, '(blank)') || ' transacts from CSP tenant ' || COALESCE(`v3`.`TenantId`, '(blank)') || ' (' || COALESCE(`v3`.`PrimaryDomain`, '(blank)') || ') in the ' || COALESCE(`v3`.`Cloud`, '(blank)') || ' cloud and has no CSP tenant in ' || COALESCE((COALESCE(`v2`.`Cloud`, `v1`.`Cloud`, 'Global')), '(blank)') AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';cust=customers[' || COALESCE(`v1`.`__key`, '') || ']' || ';cc=customer_clouds[' || COALESCE(`v2`.`__key`, '') || ']' || ';home=tenants[' || COALESCE(`v3`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-CLOUD-001' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';cust=customers[' || COALESCE(`v1`.`__ident`, '') || ']' || ';cc=customer_clouds[' || COALESCE(`v2`.`__ident`, '') || ']' || ';home=tenants[' || COALESCE(`v3`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';cust=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') || ';cc=' || COALESCE(`v2`.`__file` || ':' || CAST(`v2`.`__line` AS STRING), '') || ';home=' || COALESCE(`v3`.`__file` || ':' || CAST(`v3`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
JOIN `customers__typed` AS `v1` ON `v1`.`CustomerId` = `v0`.`CustomerId`
LEFT JOIN `customer_clouds__typed` AS `v2` ON `v2`.`CustomerId` = `v0`.`CustomerId`
JOIN `tenants__typed` AS `v3` ON `v3`.`PartnerId` = `v0`.`MpnId` AND `v3`.`TenantUse` = 'CSP'
WHERE ((COALESCE(`v2`.`Cloud`, `v1`.`Cloud`, 'Global')) IS NOT NULL)
  AND (NOT EXISTS (SELECT 1 FROM `tenants__typed` AS `v4` WHERE `v4`.`PartnerId` = `v0`.`MpnId` AND `v4`.`TenantUse` = 'CSP' AND (translate(`v4`.`Cloud`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> translate((COALESCE(`v2`.`Cloud`, `v1`.`Cloud`, 'Global')), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))))
  AND (`v3`.`Cloud` IS NOT NULL)
  AND (NOT (translate(`v3`.`Cloud`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> translate((COALESCE(`v2`.`Cloud`, `v1`.`Cloud`, 'Global')), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')))
UNION ALL
-- CSP-INDIRECT-001
SELECT 'CSP-INDIRECT-001' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ', names reseller ' || COALESCE(`v0`.`ResellerMpnId`, '(blank)') || ' but is billed by ' || COALESCE(`v0`.`MpnId`, '(blank)') || ' (' || COALESCE((COALESCE(`v1`.`PartnerName`, 'not found in partners')), '(blank)') || ') with role ' || COALESCE(`v1`.`CspRole`, '(blank)') || ' and program status ' || COALESCE(`v1`.`ProgramStatus`, '(blank)') || '; only an active indirect provider may bill for a reseller' AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';seller=partners[' || COALESCE(`v1`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-INDIRECT-001' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';seller=partners[' || COALESCE(`v1`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';seller=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`MpnId`
WHERE (`v0`.`ResellerMpnId` IS NOT NULL)
  AND (((`v1`.`PartnerId` IS NULL) OR (NOT (`v1`.`CspRole` <=> 'IndirectProvider'))) OR (NOT (`v1`.`ProgramStatus` <=> 'Active')))
UNION ALL
-- CSP-INDIRECT-002
SELECT 'CSP-INDIRECT-002' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ': provider ' || COALESCE(`v0`.`MpnId`, '(blank)') || ' sold ' || COALESCE(`v0`.`ProductName`, '(blank)') || ' to ' || COALESCE(`v0`.`CustomerName`, '(blank)') || ' through reseller ' || COALESCE(`v0`.`ResellerMpnId`, '(blank)') || ' without an active provider-reseller relationship ' || COALESCE(((CASE WHEN (EXISTS (SELECT 1 FROM `relationships__typed` AS `v7` WHERE `v7`.`ProviderId` = `v0`.`MpnId`)) THEN 'in force on the order date' ELSE 'in the export\'s current list of relationships (it carries no dates: a relationship removed after the order date is missing too)' END)), '(blank)') || ' (' || COALESCE(CAST(((COALESCE(`a0`.`v`, 0) + COALESCE(`a1`.`v`, 0))) AS STRING), '(blank)') || ' relationship record(s) of this pair listed in the export)' AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-INDIRECT-002' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, COUNT(*) AS `v`
  FROM (SELECT DISTINCT `v0`.`ResellerMpnId` AS `c0`, `v0`.`MpnId` AS `c1` FROM `sales__typed` AS `v0`) AS `m`
  JOIN `relationships__typed` AS `v5` ON `v5`.`MpnId` = `m`.`c0` AND ((`v5`.`ProviderId` <=> `m`.`c1`) OR (((`v5`.`ProviderId` IS NULL) AND ((COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))) IS NOT NULL)) AND (`m`.`c1` <=> (COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))))))
  GROUP BY `m`.`c0`, `m`.`c1`) AS `a0` ON (`a0`.`c0` <=> `v0`.`ResellerMpnId`) AND (`a0`.`c1` <=> `v0`.`MpnId`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, COUNT(*) AS `v`
  FROM (SELECT DISTINCT `v0`.`MpnId` AS `c0`, `v0`.`ResellerMpnId` AS `c1` FROM `sales__typed` AS `v0`) AS `m`
  JOIN `relationships__typed` AS `v6` ON `v6`.`MpnId` = `m`.`c0` AND (`v6`.`ProviderId` IS NULL) AND ((COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))) IS NOT NULL) AND (`m`.`c1` <=> (COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))))
  GROUP BY `m`.`c0`, `m`.`c1`) AS `a1` ON (`a1`.`c0` <=> `v0`.`MpnId`) AND (`a1`.`c1` <=> `v0`.`ResellerMpnId`)
WHERE (`v0`.`ResellerMpnId` IS NOT NULL)
  AND ((((COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))) IS NOT NULL) AND ((`v0`.`MpnId` <=> (COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE)))) OR (`v0`.`ResellerMpnId` <=> (COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE)))))) OR (EXISTS (SELECT 1 FROM `relationships__typed` AS `v2` WHERE `v2`.`ProviderId` = `v0`.`MpnId`)))
  AND (NOT EXISTS (SELECT 1 FROM `relationships__typed` AS `v3` WHERE `v3`.`MpnId` = `v0`.`ResellerMpnId` AND (translate(`v3`.`State`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'active') AND ((`v3`.`ProviderId` IS NULL) OR COALESCE(`v3`.`AuthorizedAt` <= `v0`.`OrderDate`, FALSE)) AND ((`v3`.`RemovedAt` IS NULL) OR COALESCE(`v0`.`OrderDate` < `v3`.`RemovedAt`, FALSE)) AND ((((`v3`.`ProviderId` IS NOT NULL) AND (`v3`.`ProviderId` <=> `v0`.`MpnId`)) AND (`v3`.`RelationshipType` <=> 'IsIndirectResellerOf')) OR ((((`v3`.`ProviderId` IS NULL) AND ((COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))) IS NOT NULL)) AND (`v0`.`MpnId` <=> (COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))))) AND (`v3`.`RelationshipType` <=> 'IsIndirectCloudSolutionProviderOf')))))
  AND (NOT EXISTS (SELECT 1 FROM `relationships__typed` AS `v4` WHERE `v4`.`MpnId` = `v0`.`MpnId` AND `v4`.`RelationshipType` = 'IsIndirectResellerOf' AND (`v4`.`ProviderId` IS NULL) AND ((COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE))) IS NOT NULL) AND (`v0`.`ResellerMpnId` <=> (COALESCE(NULL, (SELECT MIN(`v1`.`PartnerId`) FROM `partners__typed` AS `v1` WHERE `v1`.`IsSelf` = TRUE)))) AND (translate(`v4`.`State`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'active')))
UNION ALL
-- CSP-INDIRECT-003
SELECT 'CSP-INDIRECT-003' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ', billed by ' || COALESCE(`v0`.`MpnId`, '(blank)') || ': reseller ' || COALESCE(`v0`.`ResellerMpnId`, '(blank)') || ' (' || COALESCE((COALESCE(`v1`.`PartnerName`, 'not found in partners')), '(blank)') || ') may not transact: role ' || COALESCE(`v1`.`CspRole`, '(blank)') || ', program status ' || COALESCE(`v1`.`ProgramStatus`, '(blank)') || ', verification ' || COALESCE(`v1`.`VerificationStatus`, '(blank)') || ', agreement signed ' || COALESCE((CASE WHEN `v1`.`IsAgreementSigned` THEN 'true' WHEN NOT `v1`.`IsAgreementSigned` THEN 'false' END), '(blank)') AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';reseller=partners[' || COALESCE(`v1`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-INDIRECT-003' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';reseller=partners[' || COALESCE(`v1`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';reseller=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`ResellerMpnId`
WHERE (`v0`.`ResellerMpnId` IS NOT NULL)
  AND (((((`v1`.`PartnerId` IS NULL) OR (NOT (`v1`.`CspRole` <=> 'IndirectReseller'))) OR (NOT (`v1`.`ProgramStatus` <=> 'Active'))) OR (NOT (`v1`.`VerificationStatus` <=> 'Accepted'))) OR (NOT (`v1`.`IsAgreementSigned` <=> TRUE)))
UNION ALL
-- CSP-INDIRECT-004
SELECT 'CSP-INDIRECT-004' AS rule_id, 'warning' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ': indirect provider ' || COALESCE(`v1`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v0`.`MpnId`, '(blank)') || ') billed ' || COALESCE(`v0`.`ProductName`, '(blank)') || ' to ' || COALESCE(`v0`.`CustomerName`, '(blank)') || ' (' || COALESCE(`v0`.`CustomerId`, '(blank)') || ') with no reseller of record' AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';seller=partners[' || COALESCE(`v1`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-INDIRECT-004' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';seller=partners[' || COALESCE(`v1`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';seller=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`MpnId`
WHERE (NOT (`v0`.`ResellerMpnId` IS NOT NULL))
  AND (`v1`.`CspRole` <=> 'IndirectProvider')
UNION ALL
-- CSP-REGION-001
SELECT 'CSP-REGION-001' AS rule_id, 'warning' AS severity, 'relationships' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Relationship ' || COALESCE(`v0`.`RelationshipType`, '(blank)') || ' (authorized ' || COALESCE(CAST(`v0`.`AuthorizedAt` AS STRING), '(blank)') || ') between ' || COALESCE(`v2`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v2`.`PartnerId`, '(blank)') || ', ' || COALESCE(`v2`.`CspRole`, '(blank)') || ', region ' || COALESCE(`v2`.`CspRegion`, '(blank)') || ') and ' || COALESCE(`v1`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v1`.`PartnerId`, '(blank)') || ', ' || COALESCE(`v1`.`Country`, '(blank)') || ', ' || COALESCE(`v1`.`CspRole`, '(blank)') || ', region ' || COALESCE(`v1`.`CspRegion`, '(blank)') || '): the two are in different CSP regions on ' || COALESCE(CAST(DATE '2026-11-25' AS STRING), '(blank)') AS message,
  'rel=relationships[' || COALESCE(`v0`.`__key`, '') || ']' || ';listed=partners[' || COALESCE(`v1`.`__key`, '') || ']' || ';other=partners[' || COALESCE(`v2`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-REGION-001' || char(31) || `v0`.`__ident` || char(31) || 'rel=relationships[' || COALESCE(`v0`.`__ident`, '') || ']' || ';listed=partners[' || COALESCE(`v1`.`__ident`, '') || ']' || ';other=partners[' || COALESCE(`v2`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'rel=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';listed=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') || ';other=' || COALESCE(`v2`.`__file` || ':' || CAST(`v2`.`__line` AS STRING), '') AS evidence_sources
FROM `relationships__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`MpnId`
JOIN `partners__typed` AS `v2` ON `v2`.`PartnerId` = COALESCE(`v0`.`ProviderId`, COALESCE(NULL, (SELECT MIN(`v3`.`PartnerId`) FROM `partners__typed` AS `v3` WHERE `v3`.`IsSelf` = TRUE)))
WHERE (((`v0`.`ProviderId` IS NOT NULL) AND (`v0`.`RelationshipType` <=> 'IsIndirectResellerOf')) OR ((`v0`.`ProviderId` IS NULL) AND COALESCE(`v0`.`RelationshipType` IN ('IsIndirectCloudSolutionProviderOf', 'IsIndirectResellerOf'), FALSE)))
  AND (translate(`v0`.`State`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'active')
  AND ((`v0`.`ProviderId` IS NULL) OR COALESCE(`v0`.`AuthorizedAt` <= DATE '2026-11-25', FALSE))
  AND ((`v0`.`RemovedAt` IS NULL) OR COALESCE(DATE '2026-11-25' < `v0`.`RemovedAt`, FALSE))
  AND (NOT (`v2`.`CspRegion` <=> `v1`.`CspRegion`))
UNION ALL
-- CSP-RESALE-001
SELECT 'CSP-RESALE-001' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ': ' || COALESCE((COALESCE(`v1`.`Title`, `v0`.`ProductName`)), '(blank)') || ' (' || COALESCE((COALESCE(`v1`.`ProductType`, `v0`.`SubscriptionDescription`)), '(blank)') || ') billed by ' || COALESCE(`v0`.`MpnId`, '(blank)') || ', reseller ' || COALESCE((COALESCE(`v0`.`ResellerMpnId`, 'none')), '(blank)') || ', went into CSP tenant ' || COALESCE(`v2`.`TenantId`, '(blank)') || ' (' || COALESCE(`v2`.`PrimaryDomain`, '(blank)') || ') of ' || COALESCE(`v3`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v3`.`PartnerId`, '(blank)') || '), a ' || COALESCE(`v3`.`CspRole`, '(blank)') || ' partner in CSP since ' || COALESCE(CAST(`v3`.`CspEnrolledOn` AS STRING), '(blank)') AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';prod=products[' || COALESCE(`v1`.`__key`, '') || ']' || ';tenant=tenants[' || COALESCE(`v2`.`__key`, '') || ']' || ';buyer=partners[' || COALESCE(`v3`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-RESALE-001' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';prod=products[' || COALESCE(`v1`.`__ident`, '') || ']' || ';tenant=tenants[' || COALESCE(`v2`.`__ident`, '') || ']' || ';buyer=partners[' || COALESCE(`v3`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';prod=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') || ';tenant=' || COALESCE(`v2`.`__file` || ':' || CAST(`v2`.`__line` AS STRING), '') || ';buyer=' || COALESCE(`v3`.`__file` || ':' || CAST(`v3`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
LEFT JOIN `products__typed` AS `v1` ON `v1`.`ProductId` = `v0`.`ProductId`
JOIN `tenants__typed` AS `v2` ON `v2`.`TenantId` = `v0`.`CustomerId` AND `v2`.`TenantUse` = 'CSP'
JOIN `partners__typed` AS `v3` ON `v3`.`PartnerId` = `v2`.`PartnerId`
WHERE (COALESCE(`v1`.`ProductType` IN ('Azure', 'OnlineServices', 'OnlineServicesNCE'), FALSE) OR ((`v1`.`ProductId` IS NULL) AND ((translate(trim(BOTH concat(' ', char(9), char(10), char(13)) FROM `v0`.`SubscriptionDescription`), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'azure plan') OR ((translate(trim(BOTH concat(' ', char(9), char(10), char(13)) FROM `v0`.`PublisherName`), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'microsoft corporation') AND COALESCE((translate(`v0`.`TermAndBillingCycle`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') RLIKE 'commitment'), FALSE)))))
  AND (NOT (`v3`.`PartnerId` <=> `v0`.`MpnId`))
  AND (NOT (`v3`.`PartnerId` <=> `v0`.`ResellerMpnId`))
  AND (NOT (`v3`.`CspRole` <=> 'None'))
  AND (`v3`.`CspEnrolledOn` <= `v0`.`OrderDate`)
  AND ((`v3`.`CspLeftOn` IS NULL) OR COALESCE(`v0`.`OrderDate` < `v3`.`CspLeftOn`, FALSE))
UNION ALL
-- CSP-RESALE-002
SELECT 'CSP-RESALE-002' AS rule_id, 'error' AS severity, 'sales' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  'Invoice ' || COALESCE(`v0`.`InvoiceNumber`, '(blank)') || ', order ' || COALESCE(`v0`.`OrderId`, '(blank)') || ' (' || COALESCE(CAST(`v0`.`OrderDate` AS STRING), '(blank)') || '), ' || COALESCE(`v0`.`ChargeType`, '(blank)') || ' charge from ' || COALESCE(CAST(`v0`.`ChargeStartDate` AS STRING), '(blank)') || ' for ' || COALESCE(`v0`.`ProductId`, '(blank)') || '/' || COALESCE(`v0`.`SkuId`, '(blank)') || ' on subscription ' || COALESCE(`v0`.`SubscriptionId`, '(blank)') || ': ' || COALESCE((COALESCE(`v1`.`Title`, `v0`.`ProductName`)), '(blank)') || ' (' || COALESCE((COALESCE(`v1`.`ProductType`, `v0`.`SubscriptionDescription`)), '(blank)') || ') billed by ' || COALESCE(`v0`.`MpnId`, '(blank)') || ', reseller ' || COALESCE((COALESCE(`v0`.`ResellerMpnId`, 'none')), '(blank)') || ', went into CSP tenant ' || COALESCE(`v2`.`TenantId`, '(blank)') || ' (' || COALESCE(`v2`.`PrimaryDomain`, '(blank)') || ') owned by ' || COALESCE(`v3`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v2`.`PartnerId`, '(blank)') || '), a party to the sale buying for itself' AS message,
  'sale=sales[' || COALESCE(`v0`.`__key`, '') || ']' || ';prod=products[' || COALESCE(`v1`.`__key`, '') || ']' || ';tenant=tenants[' || COALESCE(`v2`.`__key`, '') || ']' || ';owner=partners[' || COALESCE(`v3`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-RESALE-002' || char(31) || `v0`.`__ident` || char(31) || 'sale=sales[' || COALESCE(`v0`.`__ident`, '') || ']' || ';prod=products[' || COALESCE(`v1`.`__ident`, '') || ']' || ';tenant=tenants[' || COALESCE(`v2`.`__ident`, '') || ']' || ';owner=partners[' || COALESCE(`v3`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'sale=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';prod=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') || ';tenant=' || COALESCE(`v2`.`__file` || ':' || CAST(`v2`.`__line` AS STRING), '') || ';owner=' || COALESCE(`v3`.`__file` || ':' || CAST(`v3`.`__line` AS STRING), '') AS evidence_sources
FROM `sales__typed` AS `v0`
LEFT JOIN `products__typed` AS `v1` ON `v1`.`ProductId` = `v0`.`ProductId`
JOIN `tenants__typed` AS `v2` ON `v2`.`TenantId` = `v0`.`CustomerId` AND `v2`.`TenantUse` = 'CSP'
LEFT JOIN `partners__typed` AS `v3` ON `v3`.`PartnerId` = `v2`.`PartnerId`
WHERE (COALESCE(`v1`.`ProductType` IN ('Azure', 'OnlineServices', 'OnlineServicesNCE'), FALSE) OR ((`v1`.`ProductId` IS NULL) AND ((translate(trim(BOTH concat(' ', char(9), char(10), char(13)) FROM `v0`.`SubscriptionDescription`), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'azure plan') OR ((translate(trim(BOTH concat(' ', char(9), char(10), char(13)) FROM `v0`.`PublisherName`), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <=> 'microsoft corporation') AND COALESCE((translate(`v0`.`TermAndBillingCycle`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') RLIKE 'commitment'), FALSE)))))
  AND (`v2`.`PartnerId` IS NOT NULL)
  AND ((`v2`.`PartnerId` <=> `v0`.`MpnId`) OR (`v2`.`PartnerId` <=> `v0`.`ResellerMpnId`))
UNION ALL
-- CSP-RESALE-003
SELECT 'CSP-RESALE-003' AS rule_id, 'error' AS severity, 'tenants' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  COALESCE(CAST((COALESCE(`a0`.`v`, 0)) AS STRING), '(blank)') || ' Azure usage line(s) from ' || COALESCE(CAST((`a1`.`v`) AS STRING), '(blank)') || ' to ' || COALESCE(CAST((`a2`.`v`) AS STRING), '(blank)') || ' went into CSP tenant ' || COALESCE(`v0`.`TenantId`, '(blank)') || ' (' || COALESCE(`v0`.`PrimaryDomain`, '(blank)') || ') of ' || COALESCE(`v1`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v1`.`PartnerId`, '(blank)') || '), a ' || COALESCE(`v1`.`CspRole`, '(blank)') || ' partner in CSP since ' || COALESCE(CAST(`v1`.`CspEnrolledOn` AS STRING), '(blank)') || '; ' || COALESCE(CAST((COALESCE(`a3`.`v`, 0)) AS STRING), '(blank)') || ' of them billed by ' || COALESCE((`a4`.`v`), '(blank)') AS message,
  'tenant=tenants[' || COALESCE(`v0`.`__key`, '') || ']' || ';buyer=partners[' || COALESCE(`v1`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-RESALE-003' || char(31) || `v0`.`__ident` || char(31) || 'tenant=tenants[' || COALESCE(`v0`.`__ident`, '') || ']' || ';buyer=partners[' || COALESCE(`v1`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'tenant=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';buyer=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') AS evidence_sources
FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, COUNT(*) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v1`.`PartnerId` AS `c1`, `v1`.`CspRole` AS `c2`, `v1`.`CspEnrolledOn` AS `c3`, `v1`.`CspLeftOn` AS `c4` FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v2` ON `v2`.`CustomerId` = `m`.`c0` AND (NOT (`v2`.`MpnId` <=> `m`.`c1`)) AND ((`v2`.`ResellerMpnId` IS NULL) OR (NOT (`v2`.`ResellerMpnId` <=> `m`.`c1`))) AND (NOT (`m`.`c2` <=> 'None')) AND (`m`.`c3` <= `v2`.`UsageDate`) AND ((`m`.`c4` IS NULL) OR COALESCE(`v2`.`UsageDate` < `m`.`c4`, FALSE))
  GROUP BY `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`) AS `a0` ON (`a0`.`c0` <=> `v0`.`TenantId`) AND (`a0`.`c1` <=> `v1`.`PartnerId`) AND (`a0`.`c2` <=> `v1`.`CspRole`) AND (`a0`.`c3` <=> `v1`.`CspEnrolledOn`) AND (`a0`.`c4` <=> `v1`.`CspLeftOn`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, MIN(`v3`.`UsageDate`) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v1`.`PartnerId` AS `c1`, `v1`.`CspRole` AS `c2`, `v1`.`CspEnrolledOn` AS `c3`, `v1`.`CspLeftOn` AS `c4` FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v3` ON `v3`.`CustomerId` = `m`.`c0` AND (NOT (`v3`.`MpnId` <=> `m`.`c1`)) AND ((`v3`.`ResellerMpnId` IS NULL) OR (NOT (`v3`.`ResellerMpnId` <=> `m`.`c1`))) AND (NOT (`m`.`c2` <=> 'None')) AND (`m`.`c3` <= `v3`.`UsageDate`) AND ((`m`.`c4` IS NULL) OR COALESCE(`v3`.`UsageDate` < `m`.`c4`, FALSE))
  GROUP BY `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`) AS `a1` ON (`a1`.`c0` <=> `v0`.`TenantId`) AND (`a1`.`c1` <=> `v1`.`PartnerId`) AND (`a1`.`c2` <=> `v1`.`CspRole`) AND (`a1`.`c3` <=> `v1`.`CspEnrolledOn`) AND (`a1`.`c4` <=> `v1`.`CspLeftOn`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, MAX(`v4`.`UsageDate`) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v1`.`PartnerId` AS `c1`, `v1`.`CspRole` AS `c2`, `v1`.`CspEnrolledOn` AS `c3`, `v1`.`CspLeftOn` AS `c4` FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v4` ON `v4`.`CustomerId` = `m`.`c0` AND (NOT (`v4`.`MpnId` <=> `m`.`c1`)) AND ((`v4`.`ResellerMpnId` IS NULL) OR (NOT (`v4`.`ResellerMpnId` <=> `m`.`c1`))) AND (NOT (`m`.`c2` <=> 'None')) AND (`m`.`c3` <= `v4`.`UsageDate`) AND ((`m`.`c4` IS NULL) OR COALESCE(`v4`.`UsageDate` < `m`.`c4`, FALSE))
  GROUP BY `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`) AS `a2` ON (`a2`.`c0` <=> `v0`.`TenantId`) AND (`a2`.`c1` <=> `v1`.`PartnerId`) AND (`a2`.`c2` <=> `v1`.`CspRole`) AND (`a2`.`c3` <=> `v1`.`CspEnrolledOn`) AND (`a2`.`c4` <=> `v1`.`CspLeftOn`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, MIN(`v5`.`MpnId`) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v1`.`PartnerId` AS `c1`, `v1`.`CspRole` AS `c2`, `v1`.`CspEnrolledOn` AS `c3`, `v1`.`CspLeftOn` AS `c4` FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v5` ON `v5`.`CustomerId` = `m`.`c0` AND (NOT (`v5`.`MpnId` <=> `m`.`c1`)) AND ((`v5`.`ResellerMpnId` IS NULL) OR (NOT (`v5`.`ResellerMpnId` <=> `m`.`c1`))) AND (NOT (`m`.`c2` <=> 'None')) AND (`m`.`c3` <= `v5`.`UsageDate`) AND ((`m`.`c4` IS NULL) OR COALESCE(`v5`.`UsageDate` < `m`.`c4`, FALSE))
  GROUP BY `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`) AS `a4` ON (`a4`.`c0` <=> `v0`.`TenantId`) AND (`a4`.`c1` <=> `v1`.`PartnerId`) AND (`a4`.`c2` <=> `v1`.`CspRole`) AND (`a4`.`c3` <=> `v1`.`CspEnrolledOn`) AND (`a4`.`c4` <=> `v1`.`CspLeftOn`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, `m`.`c5`, COUNT(*) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v1`.`PartnerId` AS `c1`, `v1`.`CspRole` AS `c2`, `v1`.`CspEnrolledOn` AS `c3`, `v1`.`CspLeftOn` AS `c4`, (`a4`.`v`) AS `c5` FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, MIN(`v5`.`MpnId`) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v1`.`PartnerId` AS `c1`, `v1`.`CspRole` AS `c2`, `v1`.`CspEnrolledOn` AS `c3`, `v1`.`CspLeftOn` AS `c4` FROM `tenants__typed` AS `v0`
JOIN `partners__typed` AS `v1` ON `v1`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v5` ON `v5`.`CustomerId` = `m`.`c0` AND (NOT (`v5`.`MpnId` <=> `m`.`c1`)) AND ((`v5`.`ResellerMpnId` IS NULL) OR (NOT (`v5`.`ResellerMpnId` <=> `m`.`c1`))) AND (NOT (`m`.`c2` <=> 'None')) AND (`m`.`c3` <= `v5`.`UsageDate`) AND ((`m`.`c4` IS NULL) OR COALESCE(`v5`.`UsageDate` < `m`.`c4`, FALSE))
  GROUP BY `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`) AS `a4` ON (`a4`.`c0` <=> `v0`.`TenantId`) AND (`a4`.`c1` <=> `v1`.`PartnerId`) AND (`a4`.`c2` <=> `v1`.`CspRole`) AND (`a4`.`c3` <=> `v1`.`CspEnrolledOn`) AND (`a4`.`c4` <=> `v1`.`CspLeftOn`)) AS `m`
  JOIN `usage__typed` AS `v6` ON `v6`.`CustomerId` = `m`.`c0` AND `v6`.`MpnId` = `m`.`c5` AND (NOT (`v6`.`MpnId` <=> `m`.`c1`)) AND ((`v6`.`ResellerMpnId` IS NULL) OR (NOT (`v6`.`ResellerMpnId` <=> `m`.`c1`))) AND (NOT (`m`.`c2` <=> 'None')) AND (`m`.`c3` <= `v6`.`UsageDate`) AND ((`m`.`c4` IS NULL) OR COALESCE(`v6`.`UsageDate` < `m`.`c4`, FALSE))
  GROUP BY `m`.`c0`, `m`.`c1`, `m`.`c2`, `m`.`c3`, `m`.`c4`, `m`.`c5`) AS `a3` ON (`a3`.`c0` <=> `v0`.`TenantId`) AND (`a3`.`c1` <=> `v1`.`PartnerId`) AND (`a3`.`c2` <=> `v1`.`CspRole`) AND (`a3`.`c3` <=> `v1`.`CspEnrolledOn`) AND (`a3`.`c4` <=> `v1`.`CspLeftOn`) AND (`a3`.`c5` <=> (`a4`.`v`))
WHERE (`v0`.`TenantUse` <=> 'CSP')
  AND ((COALESCE(`a0`.`v`, 0)) > 0)
UNION ALL
-- CSP-RESALE-004
SELECT 'CSP-RESALE-004' AS rule_id, 'error' AS severity, 'tenants' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  COALESCE(CAST((COALESCE(`a0`.`v`, 0)) AS STRING), '(blank)') || ' Azure usage line(s) from ' || COALESCE(CAST((`a1`.`v`) AS STRING), '(blank)') || ' to ' || COALESCE(CAST((`a2`.`v`) AS STRING), '(blank)') || ' went into CSP tenant ' || COALESCE(`v0`.`TenantId`, '(blank)') || ' (' || COALESCE(`v0`.`PrimaryDomain`, '(blank)') || ') of ' || COALESCE(`v4`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v0`.`PartnerId`, '(blank)') || '), billed by or through that partner itself' AS message,
  'tenant=tenants[' || COALESCE(`v0`.`__key`, '') || ']' || ';owner=partners[' || COALESCE(`v4`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-RESALE-004' || char(31) || `v0`.`__ident` || char(31) || 'tenant=tenants[' || COALESCE(`v0`.`__ident`, '') || ']' || ';owner=partners[' || COALESCE(`v4`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'tenant=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';owner=' || COALESCE(`v4`.`__file` || ':' || CAST(`v4`.`__line` AS STRING), '') AS evidence_sources
FROM `tenants__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v4` ON `v4`.`PartnerId` = `v0`.`PartnerId`
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, COUNT(*) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v0`.`PartnerId` AS `c1` FROM `tenants__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v4` ON `v4`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v1` ON `v1`.`CustomerId` = `m`.`c0` AND ((`v1`.`MpnId` <=> `m`.`c1`) OR (`v1`.`ResellerMpnId` <=> `m`.`c1`))
  GROUP BY `m`.`c0`, `m`.`c1`) AS `a0` ON (`a0`.`c0` <=> `v0`.`TenantId`) AND (`a0`.`c1` <=> `v0`.`PartnerId`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, MIN(`v2`.`UsageDate`) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v0`.`PartnerId` AS `c1` FROM `tenants__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v4` ON `v4`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v2` ON `v2`.`CustomerId` = `m`.`c0` AND ((`v2`.`MpnId` <=> `m`.`c1`) OR (`v2`.`ResellerMpnId` <=> `m`.`c1`))
  GROUP BY `m`.`c0`, `m`.`c1`) AS `a1` ON (`a1`.`c0` <=> `v0`.`TenantId`) AND (`a1`.`c1` <=> `v0`.`PartnerId`)
LEFT JOIN (SELECT `m`.`c0`, `m`.`c1`, MAX(`v3`.`UsageDate`) AS `v`
  FROM (SELECT DISTINCT `v0`.`TenantId` AS `c0`, `v0`.`PartnerId` AS `c1` FROM `tenants__typed` AS `v0`
LEFT JOIN `partners__typed` AS `v4` ON `v4`.`PartnerId` = `v0`.`PartnerId`) AS `m`
  JOIN `usage__typed` AS `v3` ON `v3`.`CustomerId` = `m`.`c0` AND ((`v3`.`MpnId` <=> `m`.`c1`) OR (`v3`.`ResellerMpnId` <=> `m`.`c1`))
  GROUP BY `m`.`c0`, `m`.`c1`) AS `a2` ON (`a2`.`c0` <=> `v0`.`TenantId`) AND (`a2`.`c1` <=> `v0`.`PartnerId`)
WHERE (`v0`.`TenantUse` <=> 'CSP')
  AND (`v0`.`PartnerId` IS NOT NULL)
  AND ((COALESCE(`a0`.`v`, 0)) > 0)
UNION ALL
-- CSP-REVENUE-001
SELECT 'CSP-REVENUE-001' AS rule_id, 'warning' AS severity, 'partners' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  COALESCE(`v0`.`PartnerName`, '(blank)') || ' (' || COALESCE(`v0`.`PartnerId`, '(blank)') || ', ' || COALESCE(`v0`.`Country`, '(blank)') || ') billed USD ' || COALESCE((CASE WHEN (COALESCE(`a0`.`v`, 0)) % 1000000 = 0 THEN CAST(((COALESCE(`a0`.`v`, 0)) div 1000000) AS STRING) ELSE (CASE WHEN (COALESCE(`a0`.`v`, 0)) < 0 THEN '-' ELSE '' END) || CAST((abs((COALESCE(`a0`.`v`, 0))) div 1000000) AS STRING) || '.' || trim(TRAILING '0' FROM lpad(CAST((abs((COALESCE(`a0`.`v`, 0))) % 1000000) AS STRING), 6, '0')) END), '(blank)') || ' as reseller of record from ' || COALESCE(CAST(date_sub(DATE '2026-11-25', CAST(364 AS INT)) AS STRING), '(blank)') || ' to ' || COALESCE(CAST(DATE '2026-11-25' AS STRING), '(blank)') || ', below the USD 1,000 minimum' AS message,
  'r=partners[' || COALESCE(`v0`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-REVENUE-001' || char(31) || `v0`.`__ident` || char(31) || 'r=partners[' || COALESCE(`v0`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'r=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') AS evidence_sources
FROM `partners__typed` AS `v0`
LEFT JOIN (SELECT `v1`.`ResellerMpnId` AS `k0`, `v1`.`Currency` AS `k1`, CAST(SUM(`v1`.`Subtotal`) AS BIGINT) AS `v`
  FROM `sales__typed` AS `v1` WHERE (`v1`.`OrderDate` > date_sub(DATE '2026-11-25', CAST(365 AS INT))) AND (`v1`.`OrderDate` <= DATE '2026-11-25')
  GROUP BY `v1`.`ResellerMpnId`, `v1`.`Currency`) AS `a0` ON `a0`.`k0` = `v0`.`PartnerId` AND `a0`.`k1` = 'USD'
WHERE (`v0`.`CspRole` <=> 'IndirectReseller')
  AND (`v0`.`ProgramStatus` <=> 'Active')
  AND ((COALESCE(`a0`.`v`, 0)) < 1000000000)
UNION ALL
-- CSP-ROLE-001
SELECT 'CSP-ROLE-001' AS rule_id, 'error' AS severity, 'admin_actions' AS dataset,
  `v0`.`__key` AS record_key, `v0`.`__file` AS source_file, `v0`.`__line` AS source_line,
  COALESCE((date_format(timestamp_micros(`v0`.`OperationDate`), 'yyyy-MM-dd\'T\'HH:mm:ss') || CASE WHEN (((`v0`.`OperationDate` % 1000000) + 1000000) % 1000000) = 0 THEN '' ELSE '.' || lpad(CAST((((`v0`.`OperationDate` % 1000000) + 1000000) % 1000000) AS STRING), 6, '0') END || 'Z'), '(blank)') || ': ' || COALESCE(`v0`.`UserPrincipalName`, '(blank)') || ' (partner ' || COALESCE((COALESCE(`v2`.`PartnerId`, `v0`.`PartnerId`)), '(blank)') || ') completed ' || COALESCE(`v0`.`OperationType`, '(blank)') || ' on ' || COALESCE(`v0`.`ResourceType`, '(blank)') || '; roles on the record "' || COALESCE(`v0`.`UserRoles`, '(blank)') || '", in user_roles.csv "' || COALESCE(`v1`.`Roles`, '(blank)') || '" (read ' || COALESCE(CAST(`v1`.`RetrievedOn` AS STRING), '(blank)') || '): neither Account admin nor Global admin' AS message,
  'act=admin_actions[' || COALESCE(`v0`.`__key`, '') || ']' || ';ur=user_roles[' || COALESCE(`v1`.`__key`, '') || ']' || ';actor=tenants[' || COALESCE(`v2`.`__key`, '') || ']' AS evidence,
  substr(sha2('v2' || char(31) || 'CSP-ROLE-001' || char(31) || `v0`.`__ident` || char(31) || 'act=admin_actions[' || COALESCE(`v0`.`__ident`, '') || ']' || ';ur=user_roles[' || COALESCE(`v1`.`__ident`, '') || ']' || ';actor=tenants[' || COALESCE(`v2`.`__ident`, '') || ']' || char(31), 256), 1, 16) AS fingerprint,
  'act=' || COALESCE(`v0`.`__file` || ':' || CAST(`v0`.`__line` AS STRING), '') || ';ur=' || COALESCE(`v1`.`__file` || ':' || CAST(`v1`.`__line` AS STRING), '') || ';actor=' || COALESCE(`v2`.`__file` || ':' || CAST(`v2`.`__line` AS STRING), '') AS evidence_sources
FROM `admin_actions__typed` AS `v0`
LEFT JOIN `user_roles__typed` AS `v1` ON `v1`.`UserPrincipalName` = `v0`.`UserPrincipalName`
LEFT JOIN `tenants__typed` AS `v2` ON `v2`.`TenantId` = `v0`.`PartnerId`
WHERE (`v0`.`OperationStatus` <=> 'succeeded')
  AND COALESCE(`v0`.`ResourceType` IN ('partner_relationship', 'partner_customer_relationship'), FALSE)
  AND (NOT COALESCE((translate((COALESCE(`v0`.`UserRoles`, `v1`.`Roles`)), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') RLIKE '(\\A|;)[ \\t\\n\\r\\f\\x0B]*(account|global) admin[ \\t\\n\\r\\f\\x0B]*(;|\\n?\\z)'), FALSE))
;
