// The page's only script: sorting, filtering, opening a student's details (from a row, or a link into them). It holds
// no data (every row is rendered as HTML), never writes markup (no innerHTML), and its hash is what the page's CSP allows
export const PAGE_SCRIPT = `(() => {
  const table = document.getElementById('students-table')
  if (!table) return
  const body = table.tBodies[0]
  const rows = Array.from(body.rows)
  rows.forEach((row, index) => { row.dataset.i = String(index) })
  const filter = document.getElementById('filter')
  const statusFilter = document.getElementById('status-filter')
  const shown = document.getElementById('shown')
  const cellKey = (row, col, type) => {
    const cell = row.cells[col]
    if (!cell) return type === 'number' ? -Infinity : ''
    return type === 'number' ? Number(cell.dataset.v ?? cell.textContent) : cell.textContent.trim().toLowerCase()
  }
  table.tHead.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-col]')
    if (!button) return
    const th = button.parentElement
    const col = Number(button.dataset.col)
    const type = button.dataset.type
    const ascending = th.getAttribute('aria-sort') !== 'ascending'
    for (const other of table.tHead.querySelectorAll('th')) other.setAttribute('aria-sort', 'none')
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending')
    const sign = ascending ? 1 : -1
    const sorted = rows.slice().sort((a, b) => {
      const x = cellKey(a, col, type)
      const y = cellKey(b, col, type)
      const order = type === 'number' ? x - y : x.localeCompare(y)
      return order * sign || Number(a.dataset.i) - Number(b.dataset.i)
    })
    body.append(...sorted)
  })
  const applyFilter = () => {
    const text = filter.value.trim().toLowerCase()
    const status = statusFilter.value
    let count = 0
    for (const row of rows) {
      const match = (!text || row.dataset.key.includes(text)) && (!status || row.dataset.status === status)
      row.hidden = !match
      if (match) count++
    }
    shown.textContent = count === rows.length ? rows.length + ' students' : count + ' of ' + rows.length + ' students'
  }
  filter.addEventListener('input', applyFilter)
  statusFilter.addEventListener('change', applyFilter)
  const open = (id) => {
    const target = id && document.getElementById(id)
    const details = target && target.closest('details.student')
    if (!details) return false
    details.open = true
    target.scrollIntoView({ block: 'start' })
    if (target === details) details.querySelector('summary').focus({ preventScroll: true })
    return true
  }
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-target]')
    if (row && open(row.dataset.target)) {
      event.preventDefault()
      history.replaceState(null, '', '#' + row.dataset.target)
    }
  })
  const openFromHash = () => open(decodeURIComponent(location.hash.slice(1)))
  window.addEventListener('hashchange', openFromHash)
  openFromHash()
  let closed = []
  window.addEventListener('beforeprint', () => {
    closed = Array.from(document.querySelectorAll('details:not([open])'))
    for (const details of closed) details.open = true
  })
  window.addEventListener('afterprint', () => {
    for (const details of closed) details.open = false
    closed = []
  })
})()
`
