# Regenerate: python3 tests/e2e/pcformats/mkbundle.py (from the repository root); the usage file is hand-made.
# builds tests/e2e/pcformats/bundle from fixtures/partner-center: the other
# real shape of each dataset that has one (one-off generator, not run by tests)
import csv, json, glob, os, io, datetime
src = 'fixtures/partner-center'; dst = 'tests/e2e/pcformats/bundle'
for f in ['partners.csv', 'tenants.csv', 'customer_partners.csv', 'user_roles.csv', 'customer_clouds.csv', 'products.json']:
    open(os.path.join(dst, f), 'wb').write(open(os.path.join(src, f), 'rb').read())
def camel(h): return h[0].lower() + h[1:]
def iso(d, t='T00:00:00'):
    if not d: return None
    m, dd, y = d.split(' ')[0].split('/')
    return '%s-%02d-%02d%s' % (y, int(m), int(dd), t)
# sales: one API response per account, camelCase, numbers as strings, ISO datetimes (7 digits, Z or none)
for path in sorted(glob.glob(src + '/sales-*.csv')):
    rows = list(csv.DictReader(open(path, encoding='utf-8-sig')))
    items = []
    for r in rows:
        it = {}
        for k, v in r.items():
            k = camel(k)
            if k == 'total': k = 'totalForCustomer'
            if k in ('orderDate',): v = iso(v, 'T09:12:44.8307870Z')
            elif k in ('chargeStartDate', 'chargeEndDate', 'subscriptionStartDate', 'subscriptionEndDate', 'pCToBCExchangeRateDate'):
                v = iso(v, 'T00:00:00') if v else '0001-01-01T00:00:00'
            elif k == 'resellerMpnId' and v == '': v = None
            it[k] = v
        it['attributes'] = {'objectType': 'OneTimeInvoiceLineItem'}
        items.append(it)
    acct = path.split('-')[-1][:-4]
    with open(os.path.join(dst, 'sales-%s.json' % acct), 'w') as f:
        f.write('{"continuationToken": null, "totalCount": %d, "items": [\n' % len(items))
        f.write(',\n'.join('  ' + json.dumps(i, ensure_ascii=False) for i in items))
        f.write('\n], "attributes": {"objectType": "Collection"}}\n')
# relationships: Get-PartnerIndirectReseller | Export-Csv (Windows PowerShell 5.1), CRLF
rel = json.load(open(src + '/relationships.json'))['items']
with open(os.path.join(dst, 'relationships.csv'), 'w', newline='') as f:
    f.write('#TYPE Microsoft.Store.PartnerCenter.PowerShell.Models.Relationships.PSPartnerRelationship\r\n')
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator='\r\n')
    w.writerow(['Location', 'MpnId', 'Name', 'PartnerId', 'RelationshipType', 'State'])
    for r in rel:
        w.writerow([r['location'], r['mpnId'], r['name'], r['id'], 'IsIndirectCloudSolutionProviderOf', r['state'].capitalize()])
# customers: portal "Export customers", UTF-8 BOM
cus = json.load(open(src + '/customers.json'))['items']
rel_names = {'reseller': 'Cloud Reseller', 'advisor': 'Advisor', 'none': 'None'}
with open(os.path.join(dst, 'customers.csv'), 'w', newline='', encoding='utf-8-sig') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(['Microsoft ID', 'Company name', 'Primary domain name', 'Relationship'])
    for c in cus:
        p = c['companyProfile']
        w.writerow([p['tenantId'], p['companyName'], p['domain'], rel_names.get(c.get('relationshipToPartner'), c.get('relationshipToPartner'))])
# admin_actions: GET /v1/auditrecords, one response per account
def snake(s):
    out = ''
    for i, ch in enumerate(s):
        if ch.isupper() and i: out += '_'
        out += ch.lower()
    return out
for path in sorted(glob.glob(src + '/admin_actions-*.csv')):
    lines = open(path, encoding='utf-8').read().splitlines()[1:]
    rows = list(csv.DictReader(io.StringIO('\n'.join(lines))))
    items = []
    for r in rows:
        dt = datetime.datetime.strptime(r['OperationDate'], '%m/%d/%Y %I:%M:%S %p')
        items.append({
            'partnerId': r['PartnerId'], 'customerId': r['CustomerId'] or None, 'customerName': r['CustomerName'] or None,
            'userPrincipalName': r['UserPrincipalName'], 'applicationId': r['ApplicationId'] or None,
            'resourceType': snake(r['ResourceType']), 'resourceOldValue': None, 'resourceNewValue': None,
            'operationType': snake(r['OperationType']), 'originalCorrelationId': r['OriginalCorrelationId'],
            'operationDate': dt.strftime('%Y-%m-%dT%H:%M:%S.') + '1234567Z',
            'operationStatus': snake(r['OperationStatus']), 'customizedData': [], 'id': r['AuditRecordId'],
            'attributes': {'objectType': 'AuditRecord'}})
    acct = path.split('-')[-1][:-4]
    with open(os.path.join(dst, 'admin_actions-%s.json' % acct), 'w') as f:
        f.write('{"totalCount": %d, "items": [\n' % len(items))
        f.write(',\n'.join('  ' + json.dumps(i, ensure_ascii=False) for i in items))
        f.write('\n], "attributes": {"objectType": "Collection"}}\n')
