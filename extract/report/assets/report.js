// Review report: renders the embedded records on demand, collects review marks, exports gold.
// Article data is untrusted: it only ever reaches the page through textContent, text nodes
// and non-executable attributes (title, data-*). Never innerHTML.
(function () {
  'use strict';

  // Summary, article index and meta in one block; articles in blocks of meta.chunk_size,
  // parsed only when one of their articles is needed.
  const DATA = JSON.parse(document.getElementById('report-meta').textContent);
  const CHUNKS = new Map();
  const CHUNKS_KEPT = 30;
  const SECTIONS = ['figures', 'dates', 'organisations', 'persons', 'locations', 'policy_terms'];
  const MARKERS = ['repairs', 'unrecoverable'];
  const LABELS = {
    figures: 'Figures', dates: 'Dates', organisations: 'Organisations', persons: 'Persons',
    locations: 'Locations', policy_terms: 'Policy terms', repairs: 'Repairs', unrecoverable: 'Unrecoverable',
  };
  const KEY_FIELD = {
    figures: 'text', dates: 'text', organisations: 'name', persons: 'name', locations: 'name', policy_terms: 'term',
  };
  // Table columns per section: [header, function item -> shown text].
  const COLUMNS = {
    figures: [['text', (i) => i.text], ['value', showValue], ['unit', (i) => i.unit],
      ['measure', (i) => i.measure], ['approx', (i) => i.approx]],
    dates: [['text', (i) => i.text], ['start', (i) => i.start], ['end', (i) => i.end],
      ['granularity', (i) => i.granularity]],
    organisations: [['name', (i) => i.name], ['type', (i) => i.type], ['aliases', (i) => (i.aliases || []).join('、')],
      ['mentions', (i) => mentionCount(i)]],
    persons: [['name', (i) => i.name], ['title', (i) => i.title], ['organisation', (i) => i.organisation],
      ['mentions', (i) => mentionCount(i)]],
    locations: [['name', (i) => i.name], ['parent', (i) => i.parent], ['aliases', (i) => (i.aliases || []).join('、')],
      ['mentions', (i) => mentionCount(i)]],
    policy_terms: [['term', (i) => i.term], ['kind', (i) => i.kind], ['definition', (i) => i.definition],
      ['mentions', (i) => mentionCount(i)]],
  };
  // Fields of the "add a missing item" form per section: [field, kind, choices].
  const FORM_FIELDS = {
    figures: [['text', 'text'], ['value', 'number'], ['value_max', 'number'], ['unit', 'text'],
      ['approx', 'select', ['exact', 'over', 'about', 'at_least', 'at_most', 'range']], ['measure', 'text']],
    dates: [['text', 'text'], ['start', 'date'], ['end', 'date']],
    organisations: [['name', 'text'], ['type', 'select', ['company', 'government', 'university', 'research', 'bank',
      'park', 'facility', 'media', 'other']], ['aliases', 'list']],
    persons: [['name', 'text'], ['title', 'text'], ['organisation', 'text']],
    locations: [['name', 'text'], ['aliases', 'list']],
    policy_terms: [['term', 'text'], ['definition', 'text']],
  };
  const LIST_PAGE = 200;
  const STORE_KEY = 'extract-review:' + DATA.meta.report_id;

  const $ = (id) => document.getElementById(id);
  const state = {
    current: null, // position in DATA.index
    active: new Set(SECTIONS.concat(MARKERS)),
    query: '',
    listLimit: LIST_PAGE,
    reviews: loadReviews(),
  };

  // ------------------------------------------------------------------ small helpers

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children || []) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  function showValue(item) {
    if (item.value === null || item.value === undefined) return '';
    return item.value_max !== null && item.value_max !== undefined ? item.value + '–' + item.value_max : String(item.value);
  }

  function mentionCount(item) {
    return (item.mentions || []).length;
  }

  function itemSpans(section, item) {
    if (item.span) return [item.span];
    return (item.mentions || []).map((m) => m.span).filter(Boolean);
  }

  function describe(kind, item) {
    const parts = [];
    if (kind === 'figures') {
      parts.push('figure: ' + showValue(item) + ' ' + (item.unit || '') + ' (' + (item.approx || 'exact') + ')');
      if (item.unit_kind) parts.push('kind: ' + item.unit_kind);
      if (item.measure) parts.push('measure: ' + item.measure);
    } else if (kind === 'dates') {
      parts.push('date: ' + (item.start || '?') + ' – ' + (item.end || '?') + ' (' + (item.granularity || '') + ')');
      if (item.vague) parts.push('vague');
      if (item.relative) parts.push('relative to the reference date' + (item.inferred ? ' (inferred)' : ''));
    } else if (kind === 'organisations') {
      parts.push('organisation: ' + item.name + ' (' + item.type + ')');
      if ((item.aliases || []).length) parts.push('aliases: ' + item.aliases.join('、'));
    } else if (kind === 'persons') {
      parts.push('person: ' + item.name);
      if (item.title) parts.push('title: ' + item.title);
      if (item.organisation) parts.push('organisation: ' + item.organisation);
    } else if (kind === 'locations') {
      parts.push('location: ' + item.name);
      if (item.parent) parts.push('in: ' + item.parent);
    } else if (kind === 'policy_terms') {
      parts.push('policy term: ' + item.term + ' (' + item.kind + ')');
      if (item.definition) parts.push('definition: ' + item.definition);
    } else if (kind === 'repairs') {
      parts.push('repair (' + item.kind + '): ' + item.before + ' → ' + item.after);
    } else if (kind === 'unrecoverable') {
      parts.push('unrecoverable: ' + (item.note || 'information lost in the source'));
    }
    return parts.join(' · ');
  }

  // ------------------------------------------------------------------ review state

  function loadReviews() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE_KEY) || '{}') || {};
    } catch (e) {
      return {}; // file:// pages may have no storage; marks then live until the tab closes
    }
  }

  function saveReviews() {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state.reviews));
    } catch (e) { /* see loadReviews */ }
  }

  function reviewOf(article) {
    if (!state.reviews[article.id]) state.reviews[article.id] = { marks: {}, added: {} };
    const review = state.reviews[article.id];
    for (const section of SECTIONS) {
      review.marks[section] = review.marks[section] || {};
      review.added[section] = review.added[section] || [];
    }
    return review;
  }

  function isReviewed(article) {
    const review = state.reviews[article.id];
    if (!review) return false;
    return SECTIONS.some((s) => Object.keys((review.marks || {})[s] || {}).length || ((review.added || {})[s] || []).length);
  }

  // ------------------------------------------------------------------ gold export

  const GOLD_FIELDS = {
    figures: ['text', 'value', 'value_max', 'unit', 'approx', 'measure'],
    dates: ['text', 'start', 'end'],
    organisations: ['name', 'type', 'aliases'],
    persons: ['name', 'title', 'organisation'],
    locations: ['name', 'aliases'],
    policy_terms: ['term', 'definition'],
  };

  function goldItem(section, item, must) {
    const out = {};
    for (const field of GOLD_FIELDS[section]) {
      const value = item[field];
      if (value !== undefined && value !== null && value !== '') out[field] = value;
    }
    if (section === 'figures' && !out.approx) out.approx = 'exact';
    if ((section === 'organisations' || section === 'locations') && !out.aliases) out.aliases = [];
    out.must = must;
    return out;
  }

  // Right -> must; acceptable -> must:false; wrong -> left out; unmarked -> per the export option.
  function goldFor(article, unmarked) {
    const review = reviewOf(article);
    const gold = { article: article.article, reference_date: article.reference_date || null };
    for (const section of SECTIONS) {
      const items = [];
      (article[section] || []).forEach((item, index) => {
        const mark = review.marks[section][index] || unmarked;
        if (mark === 'right') items.push(goldItem(section, item, true));
        else if (mark === 'neutral') items.push(goldItem(section, item, false));
      });
      for (const added of review.added[section]) items.push(goldItem(section, added, added.must !== false));
      gold[section] = items;
    }
    gold.unrecoverable = (article.unrecoverable || []).map((u) => ({ context: u.context, note: u.note }));
    return gold;
  }

  function exportGold(all) {
    const unmarked = $('export-unmarked').value;
    let payload;
    let name;
    if (all) {
      payload = [];
      DATA.index.forEach((entry, index) => { if (isReviewed(entry)) payload.push(goldFor(articleAt(index), unmarked)); });
      name = 'review.gold.json';
    } else {
      const article = articleAt(state.current);
      payload = goldFor(article, unmarked);
      name = article.article.replace(/\.[^.#/]*$/, '') + '.gold.json';
    }
    const text = JSON.stringify(payload, null, 1);
    $('export-output').value = text;
    const link = $('export-download');
    if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.dataset.url = url;
    link.href = url;
    link.download = name.replace(/[^\w.\-一-鿿]/g, '_');
    link.textContent = 'download ' + link.download;
    link.hidden = false;
  }

  // ------------------------------------------------------------------ article list and search

  function articleAt(index) {
    const number = Math.floor(index / DATA.meta.chunk_size);
    if (!CHUNKS.has(number)) {
      const block = document.querySelector('script.report-chunk[data-chunk="' + number + '"]');
      CHUNKS.set(number, JSON.parse(block.textContent));
      if (CHUNKS.size > CHUNKS_KEPT) CHUNKS.delete(CHUNKS.keys().next().value);
    }
    return CHUNKS.get(number)[index % DATA.meta.chunk_size];
  }

  // Search text per article, built on the first search (this parses every block once).
  const haystacks = [];

  function haystack(index) {
    if (haystacks[index] === undefined) {
      const article = articleAt(index);
      const names = SECTIONS.flatMap((s) => (article[s] || []).map((i) => i[KEY_FIELD[s]] || ''));
      haystacks[index] = [article.label, article.path || '', article.text || ''].concat(names).join('\n').toLowerCase();
    }
    return haystacks[index];
  }

  function matchingArticles() {
    const query = state.query.toLowerCase();
    const indexes = [];
    DATA.index.forEach((entry, index) => {
      if (!query || haystack(index).includes(query)) indexes.push(index);
    });
    return indexes;
  }

  function renderList() {
    const list = $('article-list');
    const indexes = matchingArticles();
    list.replaceChildren();
    for (const index of indexes.slice(0, state.listLimit)) {
      const article = DATA.index[index];
      const counts = article.count;
      const item = el('li', {
        class: 'article-link' + (article.status === 'error' ? ' failed' : '') + (index === state.current ? ' current' : ''),
        'data-index': index,
        onclick: () => openArticle(index),
      }, [el('span', { class: 'label', text: article.label }),
        el('span', { class: 'badge', text: article.status === 'error' ? 'error' : String(counts) })]);
      list.append(item);
    }
    $('list-count').textContent = indexes.length + ' of ' + DATA.index.length + ' articles';
    const more = $('list-more');
    more.hidden = indexes.length <= state.listLimit;
  }

  // ------------------------------------------------------------------ article text

  function annotationsOf(article) {
    const annotations = [];
    for (const section of SECTIONS) {
      (article[section] || []).forEach((item, index) => {
        for (const span of itemSpans(section, item)) annotations.push({ s: span[0], e: span[1], kind: section, index, item });
      });
    }
    (article.repairs || []).forEach((item, index) => annotations.push({ s: item.span[0], e: item.span[1], kind: 'repairs', index, item }));
    (article.unrecoverable || []).forEach((item, index) => annotations.push({ s: item.span[0], e: item.span[1], kind: 'unrecoverable', index, item }));
    return annotations.filter((a) => state.active.has(a.kind) && a.s < a.e);
  }

  function queryMatches(chars) {
    const query = state.query;
    if (!query) return [];
    const text = chars.join('');
    const found = [];
    // Code-point offsets: spans count code points, JS strings count UTF-16 units.
    let from = text.indexOf(query);
    while (from !== -1) {
      const start = Array.from(text.slice(0, from)).length;
      found.push({ s: start, e: start + Array.from(query).length, kind: 'search' });
      from = text.indexOf(query, from + query.length);
    }
    return found;
  }

  function renderText(article) {
    const container = $('article-text');
    container.replaceChildren();
    const chars = Array.from(article.text || '');
    const annotations = annotationsOf(article).filter((a) => a.s >= 0 && a.e <= chars.length).concat(queryMatches(chars));
    const bounds = new Set([0, chars.length]);
    for (const a of annotations) { bounds.add(a.s); bounds.add(a.e); }
    const points = Array.from(bounds).sort((x, y) => x - y);
    for (let k = 0; k + 1 < points.length; k++) {
      const start = points[k];
      const end = points[k + 1];
      const piece = chars.slice(start, end).join('');
      const covering = annotations.filter((a) => a.s <= start && a.e >= end);
      if (!covering.length) {
        container.append(document.createTextNode(piece));
        continue;
      }
      container.append(segment(piece, covering));
    }
  }

  function segment(piece, covering) {
    const entities = covering.filter((a) => SECTIONS.includes(a.kind)).sort((x, y) => (x.e - x.s) - (y.e - y.s));
    const classes = ['seg'];
    const node = el('span', { text: piece });
    if (entities.length) {
      const inner = entities[0];
      classes.push('ent', 'ent-' + inner.kind);
      node.dataset.section = inner.kind;
      node.dataset.index = inner.index;
      node.dataset.items = entities.map((a) => a.kind + ':' + a.index).join(' ');
      node.addEventListener('click', () => selectItem(inner.kind, inner.index, 'text'));
    }
    if (covering.some((a) => a.kind === 'repairs')) classes.push('repaired');
    if (covering.some((a) => a.kind === 'unrecoverable')) classes.push('lost');
    if (covering.some((a) => a.kind === 'search')) classes.push('hit');
    node.className = classes.join(' ');
    const tips = covering.filter((a) => a.kind !== 'search').map((a) => describe(a.kind, a.item));
    if (tips.length) node.title = tips.join('\n');
    return node;
  }

  function selectItem(section, index, from) {
    document.querySelectorAll('.selected').forEach((n) => n.classList.remove('selected'));
    const key = section + ':' + index;
    document.querySelectorAll('#article-text .ent').forEach((n) => {
      if ((n.dataset.items || '').split(' ').includes(key)) n.classList.add('selected');
    });
    const row = document.querySelector('tr[data-section="' + section + '"][data-index="' + index + '"]');
    if (row) {
      row.classList.add('selected');
      if (from === 'text') row.scrollIntoView({ block: 'nearest' });
    }
    if (from === 'table') {
      const first = document.querySelector('#article-text .selected');
      if (first) first.scrollIntoView({ block: 'nearest' });
    }
  }

  // ------------------------------------------------------------------ tables and review

  function markButtons(article, section, index) {
    const review = reviewOf(article);
    const current = review.marks[section][index];
    const cell = el('td', { class: 'review' });
    for (const [mark, symbol, tip] of [['right', '✓', 'right: must be found'], ['neutral', '~', 'acceptable: neutral'],
      ['wrong', '✗', 'wrong: should not be extracted']]) {
      cell.append(el('button', {
        type: 'button',
        class: 'mark mark-' + mark + (current === mark ? ' on' : ''),
        title: tip,
        text: symbol,
        onclick: (event) => {
          event.stopPropagation();
          if (review.marks[section][index] === mark) delete review.marks[section][index];
          else review.marks[section][index] = mark;
          saveReviews();
          renderTables(article);
        },
      }));
    }
    return cell;
  }

  function sectionTable(article, section) {
    const review = reviewOf(article);
    const header = el('tr', {}, COLUMNS[section].map(([name]) => el('th', { text: name })).concat([el('th', { text: 'review' })]));
    const body = el('tbody');
    (article[section] || []).forEach((item, index) => {
      const mark = review.marks[section][index];
      const row = el('tr', {
        'data-section': section, 'data-index': index, class: mark ? 'marked-' + mark : '',
        onclick: () => selectItem(section, index, 'table'),
      }, COLUMNS[section].map(([, get]) => el('td', { text: get(item) ?? '' })));
      row.append(markButtons(article, section, index));
      body.append(row);
    });
    review.added[section].forEach((item, position) => {
      const row = el('tr', { class: 'added', 'data-added': position },
        COLUMNS[section].map(([, get]) => el('td', { text: get(item) ?? '' })));
      row.append(el('td', { class: 'review' }, [el('span', { class: 'tag', text: 'added' + (item.must === false ? ' (acceptable)' : '') }),
        el('button', {
          type: 'button', class: 'remove', text: 'remove',
          onclick: () => { review.added[section].splice(position, 1); saveReviews(); renderTables(article); },
        })]));
      body.append(row);
    });
    const count = (article[section] || []).length;
    return el('section', { class: 'items', id: 'items-' + section, 'data-section': section, hidden: state.active.has(section) ? null : '' }, [
      el('h3', { class: 'title-' + section, text: LABELS[section] + ' (' + count + ')' }),
      el('table', { class: 'items-table' }, [el('thead', {}, [header]), body]),
      addForm(article, section),
    ]);
  }

  function addForm(article, section) {
    const inputs = {};
    const fields = FORM_FIELDS[section].map(([name, kind, choices]) => {
      let input;
      if (kind === 'select') {
        input = el('select', { name }, choices.map((c) => el('option', { value: c, text: c })));
      } else {
        input = el('input', { name, type: kind === 'number' ? 'text' : kind === 'date' ? 'date' : 'text', placeholder: kind === 'list' ? 'a、b' : '' });
      }
      inputs[name] = [input, kind];
      return el('label', {}, [name + ' ', input]);
    });
    const must = el('input', { type: 'checkbox', name: 'must', checked: '' });
    const message = el('span', { class: 'form-message' });
    const add = el('button', {
      type: 'button', class: 'add-item', text: 'add',
      onclick: () => {
        const item = {};
        for (const [name, [input, kind]] of Object.entries(inputs)) {
          const raw = input.value.trim();
          if (!raw) continue;
          if (kind === 'number') {
            const number = Number(raw);
            if (!Number.isFinite(number)) { message.textContent = name + ' must be a number'; return; }
            item[name] = number;
          } else if (kind === 'list') {
            item[name] = raw.split(/[、,，;；]/).map((x) => x.trim()).filter(Boolean);
          } else {
            item[name] = raw;
          }
        }
        const key = KEY_FIELD[section];
        if (!item[key]) { message.textContent = key + ' is required'; return; }
        item.must = must.checked;
        reviewOf(article).added[section].push(item);
        saveReviews();
        renderTables(article);
      },
    });
    return el('details', { class: 'add-form', 'data-section': section }, [
      el('summary', { text: 'add a missing ' + LABELS[section].toLowerCase().replace(/s$/, '') }),
      el('div', { class: 'fields' }, fields.concat([el('label', {}, ['must ', must]), add, message])),
    ]);
  }

  function renderTables(article) {
    const open = new Set(Array.from(document.querySelectorAll('.add-form[open]')).map((d) => d.dataset.section));
    const tables = $('article-tables');
    tables.replaceChildren(...SECTIONS.map((s) => sectionTable(article, s)));
    for (const details of tables.querySelectorAll('.add-form')) if (open.has(details.dataset.section)) details.open = true;
    const review = reviewOf(article);
    const marked = SECTIONS.reduce((n, s) => n + Object.keys(review.marks[s]).length + review.added[s].length, 0);
    $('review-count').textContent = marked + ' mark(s) in this article';
  }

  // ------------------------------------------------------------------ article view

  function renderFilters() {
    const bar = $('filters');
    bar.replaceChildren();
    for (const kind of SECTIONS.concat(MARKERS)) {
      const box = el('input', {
        type: 'checkbox', id: 'filter-' + kind, 'data-kind': kind,
        onchange: (event) => {
          if (event.target.checked) state.active.add(kind); else state.active.delete(kind);
          if (state.current !== null) showArticle(articleAt(state.current));
        },
      });
      box.checked = state.active.has(kind);
      bar.append(el('label', { class: 'filter key-' + kind }, [box, ' ' + LABELS[kind]]));
    }
  }

  function showArticle(article) {
    $('article-title').textContent = article.label;
    const facts = [['path', article.path], ['id', article.id], ['status', article.status],
      ['reference date', article.reference_date ? article.reference_date + (article.reference_date_inferred ? ' (inferred)' : '') : 'none'],
      ['script', article.script], ['encoding', article.encoding]];
    $('article-facts').replaceChildren(...facts.filter(([, v]) => v).map(([k, v]) => el('span', { class: 'fact' }, [el('b', { text: k + ': ' }), String(v)])));
    if (article.url && /^https?:\/\//i.test(article.url)) {
      $('article-facts').append(el('a', { href: article.url, rel: 'noopener noreferrer', target: '_blank', text: article.url }));
    }
    $('article-errors').replaceChildren(...(article.errors || []).map((e) => el('li', { text: e.stage + ': ' + e.message })));
    renderText(article);
    renderTables(article);
    $('export-output').value = '';
    $('export-download').hidden = true;
  }

  function openArticle(index) {
    state.current = index;
    showView('articles');
    showArticle(articleAt(index));
    document.querySelectorAll('.article-link').forEach((n) => n.classList.toggle('current', Number(n.dataset.index) === index));
  }

  function showView(name) {
    $('summary-view').hidden = name !== 'summary';
    $('articles-view').hidden = name !== 'articles';
    $('tab-summary').classList.toggle('on', name === 'summary');
    $('tab-articles').classList.toggle('on', name === 'articles');
    $('article-pane').hidden = state.current === null;
  }

  // ------------------------------------------------------------------ summary

  function table(headers, rows, onRow) {
    const body = el('tbody');
    for (const row of rows) {
      const tr = el('tr', {}, row.map((cell) => el('td', { text: cell ?? '' })));
      if (onRow) { tr.classList.add('clickable'); tr.addEventListener('click', () => onRow(row)); }
      body.append(tr);
    }
    return el('table', { class: 'summary-table' }, [el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { text: h })))]), body]);
  }

  function searchFor(text) {
    $('search').value = text;
    state.query = text;
    state.listLimit = LIST_PAGE;
    renderList();
    showView('articles');
  }

  function renderSummary() {
    const s = DATA.summary;
    const cards = [['articles', s.articles], ['ok', s.ok], ['failures', s.failures], ['repairs', s.repairs],
      ['unrecoverable spans', s.unrecoverable], ['shown in this page', DATA.meta.embedded]];
    const view = $('summary-view');
    view.replaceChildren();
    view.append(el('div', { class: 'cards' }, cards.map(([k, v]) => el('div', { class: 'card', 'data-key': k }, [el('b', { text: String(v) }), el('span', { text: k })]))));
    if (DATA.meta.sampled) {
      view.append(el('p', { class: 'note', text: 'The summary covers all ' + s.articles + ' records; ' + DATA.meta.embedded + ' sampled articles are embedded for review.' }));
    }
    view.append(el('h2', { text: 'Entities per type' }),
      table(['type', 'items', 'mentions', 'articles with any'],
        SECTIONS.map((sec) => [LABELS[sec], s.types[sec].items, s.types[sec].mentions, s.types[sec].articles])));
    view.append(el('h2', { text: 'Largest figures by measure' }),
      table(['measure', 'unit', 'figures', 'largest', 'as written', 'article'],
        s.largest_figures.map((f) => [f.measure, f.unit, f.count, f.value, f.text, f.article]), (row) => searchFor(row[4])));
    view.append(el('h2', { text: 'Organisations most mentioned' }),
      table(['organisation', 'type', 'mentions', 'articles'], s.top_organisations.map((o) => [o.name, o.type, o.mentions, o.articles]),
        (row) => searchFor(row[0])));
    if (Object.keys(s.repair_kinds).length) {
      view.append(el('h2', { text: 'Repairs by kind' }), table(['kind', 'count'], Object.entries(s.repair_kinds)));
    }
    if (s.failed.length) {
      view.append(el('h2', { text: 'Failures' }), table(['article', 'stage', 'message'], s.failed.map((f) => [f.path, f.stage, f.message])));
    }
  }

  // ------------------------------------------------------------------ wiring

  function init() {
    $('report-source').textContent = DATA.meta.source + ' · generated ' + DATA.meta.generated;
    $('tab-summary').addEventListener('click', () => showView('summary'));
    $('tab-articles').addEventListener('click', () => showView('articles'));
    let timer = null;
    $('search').addEventListener('input', (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.query = event.target.value.trim();
        state.listLimit = LIST_PAGE;
        renderList();
        if (state.current !== null) renderText(articleAt(state.current));
      }, 150);
    });
    $('list-more').addEventListener('click', () => { state.listLimit += LIST_PAGE; renderList(); });
    $('export-article').addEventListener('click', () => exportGold(false));
    $('export-all').addEventListener('click', () => exportGold(true));
    renderSummary();
    renderFilters();
    renderList();
    showView('summary');
    document.body.dataset.ready = 'true';
  }

  init();
})();
