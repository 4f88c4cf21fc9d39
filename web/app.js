/* newsprint web page: plain JavaScript over the JSON API of `newsprint serve`.
 *
 * Hash routes:
 *   #/?since=DATE&sort=date|size&order=asc|desc&page=N   story list
 *   #/story/ID                  a story as a timeline, copies under their original
 *   #/family/ID?copy=ID         an original beside one of its copies, shared
 *                               sentences highlighted (ID: any family member)
 *   #/storyline/ID?via=ID&from=K&n=N  the stories of a storyline in time order,
 *                               50 (n) at a time: the latest, around via's
 *                               story, or from the K-th (0-based)
 *   #/article/ID                one article in full
 *   #/search?q=WORDS            full-text search
 *   #/check                     paste a text: its copies and story (POST /api/similar)
 *
 * Every string from the API reaches the page through text nodes (textContent
 * or createTextNode), never as markup.
 */
'use strict';

(function () {
  var PAGE_SIZE = 50;
  var NEAR_OVERLAP = 0.6;   /* share of words two sentences must have in common */
  var main = document.getElementById('main');
  var searchForm = document.getElementById('search-form');
  var searchInput = document.getElementById('search-q');

  /* ---------- DOM helpers ---------- */

  /* h('a', {href: '#/'}, 'text', child, [more]) builds an element; strings
   * become text nodes, null/false children are dropped. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') el.className = v;
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    appendKids(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }

  function appendKids(el, kids) {
    kids.forEach(function (k) {
      if (k === null || k === undefined || k === false) return;
      if (Array.isArray(k)) appendKids(el, k);
      else if (k instanceof Node) el.appendChild(k);
      else el.appendChild(document.createTextNode(String(k)));
    });
  }

  function enc(id) { return encodeURIComponent(id); }
  function articleHref(id) { return '#/article/' + enc(id); }
  /* Story and storyline numbers are given again when articles are added
   * (after an add, s100 may be another story), so a link to one carries an
   * article of it, via, by which the page finds it again (viewStory). */
  function storyHref(id, via) { return '#/story/' + enc(id) + (via ? '?via=' + enc(via) : ''); }
  function storylineHref(id, via) { return '#/storyline/' + enc(id) + (via ? '?via=' + enc(via) : ''); }
  /* ' · storyline l2', linked when the storyline holds other stories (a
   * storyline of this story alone would show it again, nothing more) */
  function storylineMention(s) {
    if (!s.storyline) return null;
    var name = 'storyline ' + s.storyline;
    return [' · ', s.storyline_stories === 1 ? h('span', { title: 'a storyline of this story alone' }, name)
      : h('a', { href: storylineHref(s.storyline, anchorOf(s)) }, name)];
  }
  function anchorOf(s) { return s.original || (Array.isArray(s.articles) && typeof s.articles[0] === 'string' ? s.articles[0] : null); }
  function familyHref(orig, copy) {
    return '#/family/' + enc(orig) + (copy ? '?copy=' + enc(copy) : '');
  }

  function time(date) {
    return date ? h('time', { datetime: date }, date) : h('span', { class: 'undated' }, 'undated');
  }

  function dateRange(a, b) {
    if (!a && !b) return time(null);
    if (!a || !b || a === b) return time(a || b);
    return h('span', { class: 'range' }, time(a), ' – ', time(b));
  }

  /* a story's dates say what is known: the dated articles' days, and how
   * many are undated when only some are (their dates are not the story's) */
  function storyDates(s) {
    var range = dateRange(s.first_date, s.last_date);
    if (!(s.undated > 0) || (!s.first_date && !s.last_date)) return range;
    return h('span', { class: 'dates' }, range, h('span', { class: 'undated' }, ' (' + s.undated + ' undated)'));
  }

  /* stories as a list (the other stories of a storyline): name, dates, size */
  function storyList(stories, none) {
    if (!stories.length) return h('p', { class: 'empty' }, none);
    return h('ul', { class: 'results' }, stories.map(function (s) {
      return h('li', { 'data-story': s.id },
        h('a', { href: storyHref(s.id, anchorOf(s)) }, storyName(s)),
        h('span', { class: 'meta' }, ' ' + s.id + ' · ', storyDates(s), ' · ' + plural(s.size, 'article', 'articles')));
    }));
  }

  function score(x) { return typeof x === 'number' ? x.toFixed(2) : ''; }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function relationBadge(rel) {
    var r = rel || 'report';
    return h('span', { class: 'rel rel-' + r.replace(/[^a-z]/g, '') }, r);
  }

  /* A story's name: the API's (its title, else its original's name,
   * 'Untitled: ' and its first words, as an untitled article is named);
   * from a server without it, its first keywords, said to be no title,
   * else its original's id, not all 'Untitled story'. */
  function storyName(s) {
    if (s.title) return s.title;
    if (s.name) return s.name;
    var words = (s.keywords || []).slice(0, 4);
    if (words.length) return 'Untitled: ' + words.join(', ');
    return s.original ? 'Untitled: ' + s.original : 'Untitled story';
  }

  function keywordList(words) {
    if (!words || !words.length) return null;
    return h('ul', { class: 'keywords', 'aria-label': 'Keywords' },
      words.map(function (w) { return h('li', null, w); }));
  }

  /* Only http(s) links from the data become clickable. */
  function safeUrl(u) {
    if (typeof u !== 'string') return null;
    try {
      var p = new URL(u);
      return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
    } catch (e) { return null; }
  }

  function sourceOf(a) { return a.source || null; }

  /* A copy family's member as a newsroom tells them apart: by who published
   * it (its source), else by its id; the id is then its tooltip. */
  /* An article by its title, else by its first words ("Untitled: The river
   * flooded…", the API's name, as the command line names it); its id was
   * shown twice, as its title and under it. */
  function articleName(a) { return a.name || a.title || a.id; }

  function memberName(m) { return m.source || m.id; }
  function memberLink(m) { return h('a', { href: articleHref(m.id), title: m.source ? m.id : null }, memberName(m)); }

  /* The article a copy copies, by its title and where and when it ran (it
   * was named by its id alone); fam holds it when the family is listed. */
  function copiedLink(id, fam) {
    var o = fam.filter(function (m) { return m && m.id === id; })[0];
    if (!o) return h('a', { href: articleHref(id) }, id);
    var where = [o.source, o.date].filter(Boolean).join(', ');
    return [h('a', { href: articleHref(id), title: id }, articleName(o)), where ? ' (' + where + ')' : ''];
  }

  /* ---------- API ---------- */

  function ApiError(message, status) {
    this.message = message;
    this.status = status;
  }

  function api(path, options) {
    return fetch(path, options || { headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.text().then(function (text) {
          var body = null;
          try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
          if (!r.ok) {
            throw new ApiError(body && typeof body.error === 'string' ? body.error
              : 'the server answered ' + r.status + ' ' + r.statusText, r.status);
          }
          if (body === null || typeof body !== 'object') throw new ApiError('the server sent no JSON', r.status);
          return body;
        });
      }, function () { throw new ApiError('the server cannot be reached', 0); });
  }

  function getArticle(id) { return api('/api/articles/' + enc(id)); }

  /* ---------- routing ---------- */

  function parseHash() {
    var s = location.hash.replace(/^#/, '');
    if (s.charAt(0) !== '/') s = '/';
    var q = s.indexOf('?');
    var path = q < 0 ? s : s.slice(0, q);
    var params = new URLSearchParams(q < 0 ? '' : s.slice(q + 1));
    var parts = path.split('/').filter(Boolean).map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    return { parts: parts, params: params };
  }

  var views = {
    '': viewStories,
    story: viewStory,
    family: viewFamily,
    storyline: viewStoryline,
    article: viewArticle,
    search: viewSearch,
    check: viewCheck
  };

  var generation = 0;
  var firstRender = true;

  function render() {
    var my = ++generation;
    var route = parseHash();
    var name = route.parts[0] || '';
    var view = views[name];
    searchInput.value = name === 'search' ? (route.params.get('q') || '') : '';
    main.setAttribute('aria-busy', 'true');
    var slow = setTimeout(function () {
      if (my === generation) main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    }, 250);
    var work = view ? Promise.resolve().then(function () { return view(route.parts.slice(1), route.params); })
      : Promise.reject(new ApiError('There is no page at this address.', 404));
    work.catch(errorView).then(function (content) {
      clearTimeout(slow);
      if (my !== generation) return;   /* the user went elsewhere meanwhile */
      main.replaceChildren.apply(main, [].concat(content).filter(function (c) { return c !== null && c !== undefined && c !== false; }));
      main.setAttribute('aria-busy', 'false');
      var h1 = main.querySelector('h1');
      document.title = (h1 ? h1.textContent + ' · ' : '') + 'newsprint';
      if (!firstRender && h1) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
        window.scrollTo(0, 0);
      }
      firstRender = false;
    });
  }

  /* A page that failed: what went wrong, and a way on.  When the server
   * cannot be reached or failed (it was stopped, the database was busy),
   * the same page can be asked again. */
  /* The server's words ("every word is left out (-word): give a word to
   * find too") as a sentence of the page: a capital, a full stop. */
  function sentence(text) {
    text = String(text);
    if (!text) return text;
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?)”]$/.test(text) ? text : text + '.';
  }

  function errorView(e) {
    var msg = sentence(e && e.message ? e.message : String(e));
    var status = e && typeof e.status === 'number' ? e.status : -1;
    var unreachable = status === 0;
    var again = unreachable || status >= 500 || status < 0;
    return [
      h('h1', null, status === 404 ? 'Not found' : unreachable ? 'The server cannot be reached' : 'Something went wrong'),
      h('p', { class: 'error', role: 'alert' }, unreachable
        ? 'newsprint serve does not answer: it may have been stopped. Start it again, then try again.'
        : msg),
      h('p', { class: 'buttons' },
        again ? h('button', { type: 'button', class: 'retry', onclick: render }, 'Try again') : null,
        h('a', { href: '#/' }, 'Back to the stories'))
    ];
  }

  /* A story, storyline or article the database does not have, said so by
   * name (the API names the id too: "no story 's99' in this database ..."). */
  function notFound(what) {
    return function (e) {
      if (e && e.status === 404) throw new ApiError('There is no ' + what + ' in this database.', 404);
      throw e;
    };
  }

  /* ---------- story list ---------- */

  function cmpNullLast(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    return a < b ? -1 : 1;
  }

  function storyDate(s) { return s.first_date || s.last_date || null; }

  function sortStories(list, sort, order) {
    var dir = order === 'asc' ? 1 : -1;
    return list.slice().sort(function (a, b) {
      var c;
      if (sort === 'size') c = dir * ((a.size || 0) - (b.size || 0));
      else {
        var da = storyDate(a), db = storyDate(b);
        c = (da === null || db === null) ? cmpNullLast(da, db) : dir * cmpNullLast(da, db);
      }
      if (c === 0) c = cmpNullLast(storyDate(a), storyDate(b));
      /* newest first: a day's stories, and the undated, biggest first (as the server sorts) */
      if (c === 0 && sort === 'date' && dir < 0) c = (b.size || 0) - (a.size || 0);
      if (c === 0) c = (sort === 'date' ? dir : 1) * String(a.id).localeCompare(String(b.id), 'en', { numeric: true });
      return c;
    });
  }

  function listHash(p) {
    var q = new URLSearchParams();
    if (p.since) q.set('since', p.since);
    if (p.sort && p.sort !== 'date') q.set('sort', p.sort);
    if (p.order && p.order !== 'desc') q.set('order', p.order);
    if (p.page && p.page > 1) q.set('page', String(p.page));
    var s = q.toString();
    return '#/' + (s ? '?' + s : '');
  }

  function viewStories(parts, params) {
    if (parts.length) return Promise.reject(new ApiError('There is no page at this address.', 404));
    var since = params.get('since') || '';
    if (since && !/^\d{4}-\d{2}-\d{2}$/.test(since)) since = '';
    var sort = params.get('sort') === 'size' ? 'size' : 'date';
    var order = params.get('order') === 'asc' ? 'asc' : 'desc';
    var page = Math.max(1, parseInt(params.get('page'), 10) || 1);
    var state = { since: since, sort: sort, order: order, page: page };
    var q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE), sort: sort, order: order });
    if (since) q.set('since', since);
    return api('/api/stories?' + q.toString()).then(function (d) {
      /* A server that does not sort (it does not echo "sort") lists stories
       * oldest first: newest first is then read from the end. */
      var total = typeof d.total === 'number' ? d.total : 0;
      if (d.sort === undefined && sort === 'date' && order === 'desc' && total > PAGE_SIZE) {
        var end = Math.max(0, total - (page - 1) * PAGE_SIZE);
        var start = Math.max(0, end - PAGE_SIZE);
        q.set('offset', String(start));
        q.set('limit', String(Math.max(1, end - start)));
        return api('/api/stories?' + q.toString()).then(function (r) {
          if (end === 0) r.stories = [];
          r.sort = 'date';
          r.order = 'desc';
          return r;
        });
      }
      return d;
    }).then(function (d) {
      var stories = Array.isArray(d.stories) ? d.stories : [];
      var total = typeof d.total === 'number' ? d.total : stories.length;
      var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      /* The server sorts the whole list when it knows the sort parameter
       * (it then echoes it); else this page is sorted here. */
      var serverSorted = (d.sort === sort && (d.order === undefined || d.order === order)) ||
        (d.sort === undefined && sort === 'date' && order === 'asc');
      var shown = sortStories(stories, sort, order);
      var out = [h('h1', null, 'Stories')];
      out.push(h('p', { class: 'summary' },
        plural(total, 'story', 'stories') + (since ? ' since ' + since : ''),
        typeof d.articles === 'number' ? ' · ' + plural(d.articles, 'article', 'articles') + ' stored' : '',
        typeof d.ungrouped === 'number' && d.ungrouped ? ' · ' + d.ungrouped + ' not grouped yet' : '',
        typeof d.incremental === 'number' && d.incremental ? ' · ' + d.incremental +
          ' grouped incrementally since the last full grouping' : ''));
      out.push(sinceForm(state));
      if (!shown.length && total > 0) {
        /* a page past the end (an old bookmark, a hand-made address): the
         * stories are there, on fewer pages */
        out.push(h('p', { class: 'empty' }, 'There is no page ' + page + ': the ' + plural(total, 'story', 'stories') +
          (since ? ' since ' + since : '') + ' fill ' + plural(pages, 'page', 'pages') + '. ',
          h('a', { href: listHash({ since: since, sort: sort, order: order, page: pages }) }, pages > 1 ? 'Go to the last page' : 'Show them'), '.'));
        return out;
      }
      if (!shown.length) {
        /* since past every date: said with the latest, as `stories --since`
         * says it (the page said only "No story since 2030-01-01.") */
        var latest = typeof d.latest_date === 'string' ? d.latest_date : null;
        out.push(h('p', { class: 'empty' }, !since ? 'No story yet: add articles with newsprint add.'
          : latest ? ['No story since ' + since + ': the latest dated article is of ', time(latest), '. ',
            h('a', { href: listHash({ since: latest, sort: sort, order: order }) }, 'Show the stories since then'), '.']
            : 'No story since ' + since + ': no stored article has a date.'));
        return out;
      }
      out.push(storyTable(shown, state));
      if (!serverSorted && total > stories.length) {
        out.push(h('p', { class: 'note' }, 'Sorted within this page.'));
      }
      out.push(pager(state, pages, total));
      return out;
    });
  }

  function sinceForm(state) {
    var input = h('input', { type: 'date', id: 'since', name: 'since', value: state.since || null });
    return h('form', {
      class: 'filter', 'aria-label': 'Filter stories',
      onsubmit: function (ev) {
        ev.preventDefault();
        location.hash = listHash({ since: input.value, sort: state.sort, order: state.order, page: 1 });
      }
    },
    h('label', { for: 'since' }, 'Since'), input,
    h('button', { type: 'submit' }, 'Apply'),
    state.since ? h('a', { href: listHash({ sort: state.sort, order: state.order }) }, 'All dates') : null);
  }

  function sortHeader(label, key, state) {
    var active = state.sort === key;
    var nextOrder = active ? (state.order === 'desc' ? 'asc' : 'desc') : 'desc';
    var arrow = active ? (state.order === 'desc' ? ' ▼' : ' ▲') : ' ⇅';
    return h('th', {
      scope: 'col', class: 'sortable ' + (key === 'size' ? 'num' : ''),
      'aria-sort': active ? (state.order === 'desc' ? 'descending' : 'ascending') : 'none'
    }, h('a', {
      href: listHash({ since: state.since, sort: key, order: nextOrder, page: 1 }),
      title: 'Sort by ' + label.toLowerCase()
    }, label, h('span', { 'aria-hidden': 'true' }, arrow)));
  }

  function storyTable(stories, state) {
    return h('table', { class: 'stories' },
      h('caption', { class: 'visually-hidden' },
        'Stories sorted by ' + (state.sort === 'size' ? 'size' : 'date') + ', ' + (state.order === 'desc' ? 'descending' : 'ascending')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Story'),
        sortHeader('Dates', 'date', state),
        sortHeader('Articles', 'size', state),
        h('th', { scope: 'col' }, 'Keywords'))),
      h('tbody', null, stories.map(function (s) {
        return h('tr', { 'data-story': s.id },
          h('td', { class: 'title' },
            h('a', { href: storyHref(s.id, anchorOf(s)) }, storyName(s)),
            h('span', { class: 'ids' }, s.id, storylineMention(s))),
          h('td', { class: 'dates' }, storyDates(s)),
          h('td', { class: 'num' }, String(s.size !== undefined ? s.size : (s.articles || []).length)),
          h('td', null, keywordList(s.keywords)));
      })));
  }

  function pager(state, pages, total) {
    if (pages <= 1) return null;
    var first = (state.page - 1) * PAGE_SIZE + 1;
    var last = Math.min(total, state.page * PAGE_SIZE);
    function link(label, page, rel) {
      if (page < 1 || page > pages) return h('span', { class: 'disabled', 'aria-disabled': 'true' }, label);
      return h('a', { href: listHash({ since: state.since, sort: state.sort, order: state.order, page: page }), rel: rel }, label);
    }
    return h('nav', { class: 'pager', 'aria-label': 'Pages' },
      link('« First', 1, null), link('‹ Previous', state.page - 1, 'prev'),
      h('span', { class: 'where' }, 'Stories ' + first + '–' + last + ' of ' + total + ' (page ' + state.page + ' of ' + pages + ')'),
      link('Next ›', state.page + 1, 'next'), link('Last »', pages, null));
  }

  /* ---------- following a story or storyline by one of its articles ---------- */

  function storyHolds(s, via) {
    return (s.articles || []).some(function (a) { return (a && typeof a === 'object' ? a.id : a) === via; });
  }

  /* the server says so of the whole storyline (it sends a part of a long
   * one), asked with article=via */
  function storylineHolds(l, via) {
    if (typeof l.holds_article === 'boolean') return l.holds_article;
    return (l.stories || []).some(function (s) { return storyHolds(s, via); });
  }

  /* The story (kind 'story') or storyline ('storyline') numbered id, as
   * {doc, was}: when the link's article via is no longer in it (numbers
   * were given again by an add), the one that holds via now, was naming
   * the number followed. */
  function loadFollowing(kind, id, via, query) {
    var path = kind === 'story' ? '/api/stories/' : '/api/storylines/';
    /* a storyline is sent a part at a time: around via's story, or from an offset */
    function ask(n) {
      var q = new URLSearchParams(query || '');
      if (kind === 'storyline' && via) q.set('article', via);
      q = q.toString();
      return api(path + enc(n) + (q ? '?' + q : ''));
    }
    var holds = kind === 'story' ? storyHolds : storylineHolds;
    var missing = new ApiError('There is no ' + kind + ' “' + id + '” in this database.', 404);
    function byArticle() {
      return getArticle(via).then(function (a) {
        var now = kind === 'story' ? a.story : a.storyline;
        if (!now) throw missing;
        return ask(now).then(function (doc) { return { doc: doc, was: id }; });
      }, function (e) { throw e && e.status === 404 ? missing : e; });
    }
    return ask(id).then(function (doc) {
      return !via || holds(doc, via) ? { doc: doc, was: null } : byArticle();
    }, function (e) {
      if (!e || e.status !== 404) throw e;
      if (!via) throw missing;
      return byArticle();
    });
  }

  /* Said over a story or storyline found by its article, whose address
   * is then made its own (a bookmark keeps working). */
  function movedNote(kind, found, via) {
    if (!found.was || found.was === found.doc.id) return null;
    history.replaceState(null, '', (kind === 'story' ? storyHref : storylineHref)(found.doc.id, via));
    return h('p', { class: 'note', role: 'status' }, 'The ' + kind + ' you followed was numbered ' + found.was +
      '; numbers were given again when articles were added, and it is now ' + found.doc.id + '.');
  }

  /* ---------- story timeline ---------- */

  function cmpArticles(a, b) {
    return cmpNullLast(a.date, b.date) || String(a.id).localeCompare(String(b.id), 'en', { numeric: true });
  }

  /* Entries of a timeline: each article that copies no other article of the
   * list, with the copies of it (sorted by date) under it; a dated copy of
   * an undated article is an entry of its own, under its date, naming what
   * it copies (it sat under its original's 'Undated'). */
  function families(articles) {
    var byId = {};
    articles.forEach(function (a) { byId[a.id] = a; });
    var copies = {}, apart = {};
    var heads = [];
    articles.forEach(function (a) {
      var o = a.copy_of && a.copy_of !== a.id ? byId[a.copy_of] : null;
      if (o && a.date && !o.date) apart[a.copy_of] = (apart[a.copy_of] || 0) + 1;
      if (o && !(a.date && !o.date)) (copies[a.copy_of] = copies[a.copy_of] || []).push(a);
      else heads.push(a);
    });
    heads.sort(cmpArticles);
    return heads.map(function (a) {
      var o = a.copy_of && a.copy_of !== a.id ? byId[a.copy_of] : null;
      var under = copies[a.id] || [];
      return { head: a, copies: under.sort(cmpArticles), family: under.length + (apart[a.id] || 0),
        of: o && a.date && !o.date ? o : null };
    });
  }

  /* Title over a line of facts; extra nodes go at the end of that line. */
  function articleLine(a, extra) {
    return h('div', { class: 'text' },
      h('a', { href: articleHref(a.id), class: 'atitle' }, articleName(a)),
      h('div', { class: 'meta' }, [a.id, sourceOf(a), a.lang && a.lang !== 'und' ? a.lang : null,
        typeof a.words === 'number' ? a.words + ' words' : null].filter(Boolean).join(' · '), extra || null));
  }

  function viewStory(parts, params) {
    if (parts.length !== 1) return Promise.reject(new ApiError('There is no page at this address.', 404));
    var via = params.get('via');
    return loadFollowing('story', parts[0], via).then(function (found) {
      var s = found.doc;
      var articles = (s.articles || []).filter(function (a) { return a && typeof a === 'object'; });
      var entries = families(articles);
      var groups = [];
      entries.forEach(function (e) {
        var d = e.head.date || null;
        var g = groups.length && groups[groups.length - 1].date === d ? groups[groups.length - 1] : null;
        if (!g) { g = { date: d, entries: [] }; groups.push(g); }
        g.entries.push(e);
      });
      var nfam = entries.filter(function (e) { return e.family; }).length;
      return [
        h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Stories'), ' › ', 'story ' + s.id),
        movedNote('story', found, via),
        h('h1', null, storyName(s)),
        h('p', { class: 'summary' }, storyDates(s), ' · ',
          plural(articles.length, 'article', 'articles'),
          nfam ? ' · ' + plural(nfam, 'copy family', 'copy families') : '',
          storylineMention(s)),
        keywordList(s.keywords),
        h('h2', { class: 'visually-hidden' }, 'Timeline'),
        h('ol', { class: 'timeline' }, groups.map(function (g) {
          return h('li', { class: 'day' },
            h('h3', { class: 'daydate' }, g.date ? time(g.date) : 'Undated'),
            h('ul', { class: 'entries' }, g.entries.map(function (e) { return timelineEntry(e); })));
        }))
      ];
    });
  }

  function timelineEntry(e) {
    var a = e.head;
    return h('li', { class: 'entry', 'data-article': a.id },
      h('div', { class: 'line' }, h('div', { class: 'tags' }, relationBadge(e.family ? 'original' : a.relation),
          e.of && a.score !== null && a.score !== undefined ? h('span', { class: 'score', title: 'Score of the copy link' }, score(a.score)) : null),
        articleLine(a, e.family ? [' · ', h('a', { href: familyHref(a.id), class: 'familylink' },
          'compare with its ' + plural(e.family, 'copy', 'copies'))]
          : e.of ? [' · ', (a.relation || 'copy') + ' of ', h('a', { href: articleHref(e.of.id), class: 'copyof' }, articleName(e.of)),
            ' (undated) · ', h('a', { href: familyHref(e.of.id, a.id), class: 'difflink' }, 'side by side with the original')]
          : null)),
      e.copies.length ? h('ul', { class: 'copies', 'aria-label': 'Copies of ' + articleName(a) },
        e.copies.map(function (c) {
          return h('li', { class: 'copy', 'data-article': c.id },
            h('div', { class: 'line' },
              h('div', { class: 'tags' }, relationBadge(c.relation),
                c.score !== null && c.score !== undefined ? h('span', { class: 'score', title: 'Score of the copy link' }, score(c.score)) : null),
              articleLine(c, [
                c.date && c.date !== a.date ? [' · ', time(c.date)] : null, ' · ',
                h('a', { href: familyHref(a.id, c.id), class: 'difflink' }, 'side by side with the original')])));
        })) : null);
  }

  /* ---------- storyline ---------- */

  /* A storyline's stories in time order, STORYLINE_PAGE at a time: the
   * latest, or those around the story of the article followed (via), or
   * from=K (n=N of them), with links to the earlier and later (all were
   * listed: 461 stories, 188 KB, at 20,000 articles). */
  var STORYLINE_PAGE = 50;
  function viewStoryline(parts, params) {
    if (parts.length !== 1) return Promise.reject(new ApiError('There is no page at this address.', 404));
    var via = params.get('via');
    var from = params.get('from'), n = parseInt(params.get('n'), 10);
    n = n > 0 && n <= 1000 ? n : STORYLINE_PAGE;
    var query = new URLSearchParams();
    if (from !== null && /^[0-9]+$/.test(from)) query.set('offset', from);
    if (n !== STORYLINE_PAGE) query.set('limit', String(n));
    return loadFollowing('storyline', parts[0], via, query.toString()).then(function (found) {
      var l = found.doc;
      var stories = sortStories(l.stories || [], 'date', 'asc');
      var total = typeof l.total === 'number' ? l.total : stories.length;
      var offset = typeof l.offset === 'number' ? l.offset : 0;
      function pageHref(k) {
        var q = new URLSearchParams();
        if (via) q.set('via', via);
        q.set('from', String(Math.max(0, k)));
        if (n !== STORYLINE_PAGE) q.set('n', String(n));
        return '#/storyline/' + enc(l.id) + '?' + q.toString();
      }
      function more(count, which, k) {
        return count > 0 ? h('p', { class: 'meta more' },
          h('a', { href: pageHref(k), rel: which === 'earlier' ? 'prev' : 'next' }, plural(count, which + ' story', which + ' stories')),
          ' of ' + total + ' in the storyline') : null;
      }
      var first = l.name !== undefined ? l : stories[0];
      return [
        h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Stories'), ' › ', 'storyline ' + l.id),
        movedNote('storyline', found, via),
        /* named by the story it began with (the heading was its number) */
        h('h1', null, first ? 'Storyline: ' + storyName(first) : 'Storyline ' + l.id),
        h('p', { class: 'summary' }, 'Storyline ' + l.id + ' · ' + plural(total, 'story', 'stories') + ' in time order',
          l.first_date !== undefined ? [' · ', dateRange(l.first_date, l.last_date)]
            : stories.length ? [' · ', dateRange(storyDate(stories[0]), stories[stories.length - 1].last_date || storyDate(stories[stories.length - 1]))] : null,
          stories.length < total ? ' · stories ' + (offset + 1) + '–' + (offset + stories.length) + ' shown' : null),
        more(offset, 'earlier', offset - n),
        h('ol', { class: 'storyline', start: String(offset + 1) }, stories.map(function (s) {
          return h('li', { 'data-story': s.id },
            h('p', { class: 'when' }, storyDates(s)),
            h('h2', null, h('a', { href: storyHref(s.id, anchorOf(s)) }, storyName(s))),
            h('p', { class: 'meta' }, s.id + ' · ' + plural(s.size !== undefined ? s.size : (s.articles || []).length, 'article', 'articles')),
            keywordList(s.keywords));
        })),
        more(total - offset - stories.length, 'later', offset + stories.length)
      ];
    });
  }

  /* ---------- article ---------- */

  function evidenceList(ev) {
    if (!ev || typeof ev !== 'object') return null;
    var rows = [
      ['Shingle Jaccard', score(ev.jaccard)],
      ['Containment', score(ev.containment)],
      ['Aligned sentences', score(ev.aligned)],
      ['In order', score(ev.in_order)],
      ['Shared sentences', typeof ev.shared_sentences === 'number' ? String(ev.shared_sentences) : '']
    ].filter(function (r) { return r[1] !== ''; });
    if (!rows.length) return null;
    return h('dl', { class: 'evidence' }, rows.map(function (r) { return [h('dt', null, r[0]), h('dd', null, r[1])]; }));
  }

  /* The stories of an article's storyline beside it: all of a short one;
   * of a long one the stories around the article's own, the others counted
   * with a link to the storyline (of 461, all were listed, its own 400
   * lines down, and on a phone the list ran on below the text).  The server
   * sends those around it (storyline_detail: stories, offset, total). */
  function storylineAround(line, a) {
    var shown = sortStories(line.stories, 'date', 'asc');
    var total = typeof line.total === 'number' ? line.total : shown.length;
    var from = typeof line.offset === 'number' ? line.offset : 0;
    var to = from + shown.length;
    function more(n, which) {
      return n ? h('p', { class: 'meta more' }, h('a', { href: storylineHref(line.id, a.id) },
        plural(n, which + ' story', which + ' stories')), ' of ' + total + ' in the storyline') : null;
    }
    return [
      more(from, 'earlier'),
      h('ol', { class: 'plain' }, shown.map(function (s) {
        return h('li', null, time(storyDate(s)), ' ',
          s.id === a.story ? h('strong', null, storyName(s)) : h('a', { href: storyHref(s.id, anchorOf(s)) }, storyName(s)));
      })),
      more(total - to, 'later')
    ];
  }

  function viewArticle(parts) {
    if (parts.length !== 1) return Promise.reject(new ApiError('There is no page at this address.', 404));
    return getArticle(parts[0]).catch(notFound('article with the id “' + parts[0] + '”')).then(function (a) {
      var url = safeUrl(a.url);
      var fam = Array.isArray(a.family) ? a.family : [];
      var story = a.story_detail;
      var line = a.storyline_detail;
      return [
        h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Stories'), ' › ',
          a.story ? [h('a', { href: storyHref(a.story, a.id) }, 'story ' + a.story), ' › '] : null, a.id),
        h('h1', null, articleName(a)),
        h('p', { class: 'summary' }, relationBadge(a.relation), ' ',
          a.copy_of ? ['of ', copiedLink(a.copy_of, fam), a.score !== null && a.score !== undefined ? ', score ' + score(a.score) : '', ' · '] : null,
          time(a.date), a.source ? ' · ' + a.source : '', a.lang ? ' · ' + a.lang : '',
          typeof a.words === 'number' ? ' · ' + a.words + ' words' : ''),
        url ? h('p', { class: 'url' }, h('a', { href: url, rel: 'noopener noreferrer nofollow' }, a.url)) : null,
        evidenceList(a.evidence),
        h('div', { class: 'columns' },
          /* an article cleaning kept no paragraph of (a page of menus, a
           * title alone): said, where its column stood empty */
          h('section', { class: 'body', 'aria-label': 'Text' },
            (a.body || []).length ? a.body.map(function (p) { return h('p', null, p); })
              : h('p', { class: 'empty' }, 'No text: cleaning kept no paragraph of this article ' +
                '(the page held none, or only menus, captions and other boilerplate).')),
          h('aside', { class: 'side' },
            fam.length ? h('section', null,
              h('h2', null, 'Copy family'),
              h('p', null, h('a', { href: familyHref(fam[0].id, a.id !== fam[0].id ? a.id : null) }, 'Compare side by side')),
              /* the original, then its copies as they ran */
              h('ul', { class: 'plain family' }, fam.slice(0, 1).concat(fam.slice(1).sort(cmpArticles)).map(function (m) {
                return h('li', null, relationBadge(m.relation),
                  h('span', { class: 'who' }, m.id === a.id ? h('strong', null, 'this article') : memberLink(m)),
                  h('span', { class: 'meta when' }, m.date ? time(m.date) : null,
                    m.score !== null && m.score !== undefined ? h('span', { class: 'score' }, score(m.score)) : null));
              }))) : h('p', { class: 'note' }, 'No copy of this article is stored, and it copies none.'),
            story ? h('section', null,
              h('h2', null, 'Story'),
              h('p', null, h('a', { href: storyHref(story.id, a.id) }, storyName(story))),
              h('p', { class: 'meta' }, story.id + ' · ', storyDates(story),
                ' · ' + plural(story.size !== undefined ? story.size : (story.articles || []).length, 'article', 'articles'))) : null,
            /* a storyline of this story alone would list it again, nothing more */
            line && Array.isArray(line.stories) && (typeof line.total === 'number' ? line.total : line.stories.length) > 1 ? h('section', null,
              h('h2', null, h('a', { href: storylineHref(line.id, a.id) }, 'Storyline ' + line.id)),
              storylineAround(line, a)) : null,
            a.added ? h('p', { class: 'meta' }, 'Added ', h('time', { datetime: a.added }, a.added)) : null))
      ];
    });
  }

  /* ---------- family: side-by-side diff ---------- */

  var ABBREVIATIONS = {};
  ('mr mrs ms dr prof st jr sr gen gov sen rep lt col capt sgt no nos vs etc inc ltd co corp ' +
   'jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m u.s u.k e.g i.e approx dept est fig')
    .split(' ').forEach(function (w) { ABBREVIATIONS[w] = true; });

  /* Sentences of one paragraph: a break after . ! ? or … (and closing quotes)
   * followed by space and a capital, digit or opening quote, except after an
   * abbreviation or a single initial. */
  function splitSentences(text) {
    var out = [];
    var re = /([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[\p{Lu}\p{N}])/gu;
    var start = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m[1] === '.') {
        var before = text.slice(start, m.index);
        var w = /(\S+)$/.exec(before);
        var word = w ? w[1].replace(/^["'“‘(\[]+/, '').toLowerCase() : '';
        if (ABBREVIATIONS[word] || /^\p{L}$/u.test(word)) continue;
      }
      var end = m.index + m[1].length + m[2].length;
      out.push(text.slice(start, end));
      start = end + m[3].length;
    }
    if (start < text.length) out.push(text.slice(start));
    return out.filter(function (s) { return /\S/.test(s); });
  }

  /* Case, punctuation and spacing do not count. */
  function normalise(s) {
    return s.normalize('NFKC').toLowerCase()
      .replace(/['’‘`]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  }

  function wordSet(norm) {
    var set = {};
    var n = 0;
    norm.split(' ').forEach(function (w) {
      if (!w) return;
      /* crude plural folding so "ships"/"ship" meet */
      if (w.length > 3 && /s$/.test(w) && !/ss$/.test(w)) w = w.slice(0, -1);
      if (!set[w]) { set[w] = true; n++; }
    });
    return { words: set, size: n };
  }

  /* Dice overlap of two word sets. */
  function overlap(a, b) {
    if (!a.size || !b.size) return 0;
    var small = a.size <= b.size ? a : b, big = small === a ? b : a;
    var common = 0;
    Object.keys(small.words).forEach(function (w) { if (big.words[w]) common++; });
    return 2 * common / (a.size + b.size);
  }

  function prepare(body) {
    var list = [];
    var paragraphs = (Array.isArray(body) ? body : []).map(function (p, pi) {
      return splitSentences(String(p)).map(function (text) {
        var norm = normalise(text);
        var s = { text: text, norm: norm, set: wordSet(norm), index: list.length, para: pi, kind: null, partner: null, how: 0 };
        list.push(s);
        return s;
      });
    });
    return { paragraphs: paragraphs, sentences: list };
  }

  /* Marks each sentence of a and b: 'same' when the other text has the same
   * sentence once normalised, 'near' when its best counterpart shares at
   * least NEAR_OVERLAP of the words (rewrites), with that counterpart. */
  function matchSentences(a, b) {
    var exact = {};
    a.sentences.forEach(function (s) { if (s.norm && !(s.norm in exact)) exact[s.norm] = s; });
    b.sentences.forEach(function (t) {
      if (!t.norm) return;
      var s = exact[t.norm];
      if (s) {
        link(s, t, 'same', 1);
        return;
      }
      if (t.set.size < 4) return;
      var best = null, bestScore = 0;
      a.sentences.forEach(function (c) {
        if (c.set.size < 4) return;
        var o = overlap(c.set, t.set);
        if (o > bestScore) { bestScore = o; best = c; }
      });
      if (best && bestScore >= NEAR_OVERLAP) link(best, t, 'near', bestScore);
    });
  }

  function link(s, t, kind, how) {
    t.kind = kind; t.partner = s; t.how = how;
    if (s.kind !== 'same' && (s.kind === null || how > s.how)) { s.kind = kind; s.partner = t; s.how = how; }
    else if (kind === 'same' && s.partner === null) s.partner = t;
  }

  function counts(doc) {
    var c = { same: 0, near: 0, total: doc.sentences.length };
    doc.sentences.forEach(function (s) { if (s.kind) c[s.kind]++; });
    return c;
  }

  function sentenceNode(s, side) {
    var id = side + '-' + s.index;
    if (!s.kind) return h('span', { class: 's', id: id }, s.text);
    var other = (side === 'a' ? 'b' : 'a') + '-' + s.partner.index;
    return h('mark', {
      class: 's ' + s.kind, id: id, 'data-partner': other, tabindex: '0',
      title: s.kind === 'same' ? 'Same sentence in the other text'
        : 'Near-identical sentence in the other text (' + Math.round(s.how * 100) + '% of words shared)'
    }, s.text);
  }

  function diffColumn(label, art, doc, side) {
    var c = counts(doc);
    return h('article', { class: 'diffcol', 'aria-label': label + ': ' + articleName(art) },
      h('header', null,
        h('p', { class: 'which' }, label, side === 'b' ? [' ', relationBadge(art.relation), art.score !== null && art.score !== undefined ? ' ' + score(art.score) : ''] : null),
        h('h3', null, h('a', { href: articleHref(art.id) }, articleName(art))),
        h('p', { class: 'meta' }, [art.id, art.date || 'undated', sourceOf(art)].filter(Boolean).join(' · ')),
        h('p', { class: 'counts' }, c.total + ' sentences: ' + c.same + ' same, ' + c.near + ' near-identical, ' +
          (c.total - c.same - c.near) + ' not in the other')),
      doc.paragraphs.map(function (sents) {
        var p = h('p', null);
        sents.forEach(function (s, i) {
          if (i) p.appendChild(document.createTextNode(' '));
          p.appendChild(sentenceNode(s, side));
        });
        return p;
      }));
  }

  /* Pointing at or focusing (the marks are in the tab order, for the
   * keyboard) a marked sentence outlines its counterpart. */
  function wireCounterparts(root) {
    function toggle(ev, on) {
      var m = ev.target.closest && ev.target.closest('mark[data-partner]');
      if (!m || !root.contains(m)) return;
      var other = document.getElementById(m.getAttribute('data-partner'));
      m.classList.toggle('linked', on);
      if (other) other.classList.toggle('linked', on);
    }
    root.addEventListener('mouseover', function (ev) { toggle(ev, true); });
    root.addEventListener('mouseout', function (ev) { toggle(ev, false); });
    root.addEventListener('focusin', function (ev) { toggle(ev, true); });
    root.addEventListener('focusout', function (ev) { toggle(ev, false); });
  }

  function viewFamily(parts, params) {
    if (parts.length !== 1) return Promise.reject(new ApiError('There is no page at this address.', 404));
    var want = params.get('copy');
    return getArticle(parts[0]).catch(notFound('article with the id “' + parts[0] + '”')).then(function (first) {
      var fam = Array.isArray(first.family) ? first.family : [];
      if (fam.length < 2) {
        return [
          h('h1', null, articleName(first)),
          h('p', { class: 'empty' }, 'This article is in no copy family: no stored article copies it and it copies none.'),
          h('p', null, h('a', { href: articleHref(first.id) }, 'Read the article'))
        ];
      }
      var orig = fam[0];
      var copies = fam.slice(1);
      var ncopies = typeof first.family_size === 'number' && first.family_size > fam.length ? first.family_size - 1 : copies.length;
      /* the family list may be cut short (family_size counts all), so a
       * copy asked for by id need not be in it */
      var copyId = want || (first.id !== orig.id ? first.id : copies[0].id);
      var copyMeta = copies.filter(function (c) { return c.id === copyId; })[0];
      /* a copy the address names that no article is: said as a missing
       * article is everywhere else (it showed the API's own words) */
      var need = [orig.id === first.id ? first : getArticle(orig.id),
        copyId === first.id ? first : getArticle(copyId).catch(notFound('article with the id “' + copyId + '”'))];
      return Promise.all(need).then(function (both) {
        var oa = both[0], ca = both[1];
        if (ca.copy_of !== oa.id) throw new ApiError(ca.id + ' is not a copy of ' + oa.id + '.', 404);
        var da = prepare(oa.body), db = prepare(ca.body);
        matchSentences(da, db);
        var grid = h('div', { class: 'diff' },
          diffColumn('Original', oa, da, 'a'),
          diffColumn('Copy', ca, db, 'b'));
        wireCounterparts(grid);
        return [
          h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Stories'), ' › ',
            oa.story ? [h('a', { href: storyHref(oa.story, oa.id) }, 'story ' + oa.story), ' › '] : null, 'copy family'),
          h('h1', null, 'Copies of “', articleName(oa), '”'),
          h('p', { class: 'summary' }, 'Original ', h('a', { href: articleHref(oa.id) }, oa.id), ' and ',
            plural(ncopies, 'copy', 'copies'), ncopies > copies.length ? ' (the first ' + copies.length + ' listed)' : '',
            '. Choose the copy to set beside it:'),
          h('nav', { class: 'copypicker', 'aria-label': 'Copies' }, h('ul', null, copies.map(function (c) {
            var cur = c.id === copyId;
            return h('li', null, h('a', { href: familyHref(orig.id, c.id), 'aria-current': cur ? 'page' : null, class: cur ? 'current' : null },
              relationBadge(c.relation), ' ', h('span', { class: 'id' }, c.id), c.source ? h('span', { class: 'meta' }, c.source) : null,
              c.score !== null && c.score !== undefined ? h('span', { class: 'score' }, score(c.score)) : null));
          }))),
          h('section', { class: 'pair', 'aria-label': 'Original beside copy' },
            h('h2', null, 'Original beside ', ca.id, ' (', copyMeta ? copyMeta.relation : ca.relation, ')'),
            evidenceList(ca.evidence || (copyMeta && copyMeta.evidence)),
            h('ul', { class: 'legend', 'aria-label': 'Legend' },
              h('li', null, h('mark', { class: 'same' }, 'Same sentence'), ' in both texts (case, punctuation and spacing aside)'),
              h('li', null, h('mark', { class: 'near' }, 'Near-identical'), ' — at least ' + Math.round(NEAR_OVERLAP * 100) + '% of the words shared (reworded)'),
              h('li', null, h('span', { class: 's plain' }, 'Unmarked'), ' — only in this text')),
            grid)
        ];
      });
    });
  }

  /* ---------- search ---------- */

  var MAX_QUERY_BYTES = 1000;   /* the most the server searches for */

  function viewSearch(parts, params) {
    var q = (params.get('q') || '').trim();
    if (!q) {
      return [h('h1', null, 'Search'), h('p', null, 'Type words in the search box to find the articles holding every one of them: ' +
        'OR between two words finds either (', h('code', null, 'strike OR walkout'), '), "quoted words" a phrase (',
        h('code', null, '"port strike"'), '), and -word leaves out the articles with it (', h('code', null, 'Harborton -deal'), ').')];
    }
    var bytes = new TextEncoder().encode(q).length;
    if (bytes > MAX_QUERY_BYTES) {
      /* a paragraph pasted to find its article: Check a text does that */
      return [h('h1', null, 'Search'),
        h('p', { class: 'empty' }, 'The search is too long: ' + bytes + ' bytes, where the server takes ' +
          MAX_QUERY_BYTES + ' (some 150 words). Search for fewer words, or paste a whole text in ',
          h('a', { href: '#/check' }, 'Check a text'), ' to find its copies and its story.')];
    }
    return api('/api/search?' + new URLSearchParams({ q: q, limit: '50' }).toString()).catch(function (e) {
      /* a search the server cannot read (only -words) is said under it, not as a failure */
      if (e.status !== 400) throw e;
      return { articles: [], problem: e.message };
    }).then(function (d) {
      if (d.problem) return [h('h1', null, 'Search: ', q), h('p', { class: 'empty' }, sentence(d.problem))];
      var hits = Array.isArray(d.articles) ? d.articles : [];
      var groups = copyGroups(hits);
      var folded = hits.length - groups.length;
      return [
        h('h1', null, 'Search: ', q),
        h('p', { class: 'summary' }, hits.length ? plural(hits.length, 'article', 'articles') + (hits.length >= 50 ? ' (the first 50)' : '') +
          (folded ? ', ' + plural(folded, 'copy', 'copies') + ' folded under the article copied' : '')
          : 'No article matches.'),
        /* hits stored but not grouped yet are not listed: said, not hidden */
        d.ungrouped > 0 ? h('p', { class: 'meta ungrouped' }, plural(d.ungrouped, 'article', 'articles') +
          ' stored but not grouped yet also ' + (d.ungrouped === 1 ? 'matches' : 'match') +
          ': listed once an add groups ' + (d.ungrouped === 1 ? 'it' : 'them')) : null,
        h('ol', { class: 'results' }, groups.map(function (g) {
          var a = g.lead;
          /* date, story and original under the title, in the text column */
          return h('li', { 'data-article': a.id },
            h('div', { class: 'line' }, h('div', { class: 'tags' }, relationBadge(a.relation)),
              articleLine(a, [a.date ? [' · ', time(a.date)] : null,
                a.story ? [' · ', h('a', { href: storyHref(a.story, a.id) }, 'story ' + a.story)] : null,
                a.copy_of ? [' · copy of ', h('a', { href: articleHref(a.copy_of) }, a.copy_of)] : null])),
            g.copies.length ? foldedCopies(g) : null);
        }))
      ];
    });
  }

  /* Hits grouped by what they copy, in the order of each group's best hit:
   * a search for a wire story found its original and every copy of it, as
   * many lines of one title (18 for one obituary in 3,000 articles). */
  function copyGroups(hits) {
    var byKey = {}, groups = [];
    hits.forEach(function (a) {
      var key = a.copy_of || a.id;
      var g = byKey[key];
      if (!g) { g = byKey[key] = { key: key, members: [] }; groups.push(g); }
      g.members.push(a);
    });
    return groups.map(function (g) {
      var lead = g.members.filter(function (a) { return a.id === g.key; })[0] || g.members[0];
      return { lead: lead, key: g.key, copies: g.members.filter(function (a) { return a !== lead; }).sort(cmpArticles) };
    });
  }

  function foldedCopies(g) {
    return h('details', { class: 'folded' },
      h('summary', null, plural(g.copies.length, 'copy', 'copies') + ' of it also ' + (g.copies.length === 1 ? 'matches' : 'match')),
      h('ul', { class: 'plain family' }, g.copies.map(function (c) {
        return h('li', { 'data-article': c.id }, relationBadge(c.relation),
          h('span', { class: 'who' }, memberLink(c)),
          h('span', { class: 'meta when' }, c.date ? time(c.date) : null,
            c.score !== null && c.score !== undefined ? h('span', { class: 'score' }, score(c.score)) : null));
      })),
      h('p', { class: 'meta' }, h('a', { href: familyHref(g.key) }, 'Compare them side by side')));
  }

  /* ---------- check a text: POST /api/similar, optionally /api/articles ---------- */

  function articleList(list, empty) {
    if (!list.length) return h('p', { class: 'empty' }, empty);
    return h('ul', { class: 'results' }, list.map(function (a) {
      return h('li', { 'data-article': a.id },
        h('div', { class: 'line' }, h('div', { class: 'tags' }, relationBadge(a.relation),
          a.score !== null && a.score !== undefined ? h('span', { class: 'score' }, score(a.score)) : null),
        articleLine(a, a.story ? [' · ', h('a', { href: storyHref(a.story, a.id) }, 'story ' + a.story)] : null)));
    }));
  }

  /* the API's "warnings" about a POSTed text (a text of no word left
   * after cleaning, a date not read): shown above its answer, which they
   * explain (the page showed none of them) */
  function warningsNote(d) {
    var list = d && Array.isArray(d.warnings) ? d.warnings.filter(function (w) { return typeof w === 'string'; }) : [];
    if (!list.length) return null;
    return h('div', { class: 'warnings', role: 'note', 'aria-labelledby': 'check-warnings' },
      h('p', { class: 'warnings-title', id: 'check-warnings' }, list.length === 1 ? 'Warning' : 'Warnings'),
      h('ul', null, list.map(function (w) { return h('li', null, w); })));
  }

  function viewCheck() {
    var out = h('div', { class: 'checkresult', 'aria-live': 'polite' });
    function field(id, label, input) {
      return h('p', { class: 'field' }, h('label', { for: id }, label), input);
    }
    var title = h('input', { id: 'c-title', type: 'text', autocomplete: 'off' });
    var date = h('input', { id: 'c-date', type: 'date' });
    var source = h('input', { id: 'c-source', type: 'text', autocomplete: 'off', placeholder: 'example.com' });
    var id = h('input', { id: 'c-id', type: 'text', autocomplete: 'off', placeholder: 'needed to store it' });
    var text = h('textarea', { id: 'c-text', rows: '12', required: true });
    /* /api/similar wants an id too, though it stores nothing */
    function body(path) {
      var b = { id: path === '/api/similar' ? 'pasted-text' : '', text: text.value };
      if (title.value.trim()) b.title = title.value.trim();
      if (date.value) b.date = date.value;
      if (source.value.trim()) b.source = source.value.trim();
      if (id.value.trim()) b.id = id.value.trim();
      return b;
    }
    function post(path) {
      out.replaceChildren(h('p', { class: 'loading' }, 'Asking the server…'));
      return api(path, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body(path))
      });
    }
    function failed(e) { out.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message || String(e))); }
    var form = h('form', {
      class: 'check', 'aria-label': 'Article to check',
      onsubmit: function (ev) {
        ev.preventDefault();
        post('/api/similar').then(function (d) {
          var a = d.article || {};
          /* a story of its own has a number after the stored ones': no
           * stored story to link to (it linked "story s7" of six) */
          var own = a.new_story === true || !a.story;
          out.replaceChildren(
            warningsNote(d) || '',
            h('h2', null, 'This text'),
            h('p', { class: 'meta', role: 'status' }, d.answered_by === 'regroup'
              ? 'Answered by grouping the stored articles again with this text (their fingerprints are of another version of newsprint).'
              : 'Answered against the stored grouping: the stored stories stay as they are.',
              ' This text was not stored.'),
            h('p', null, relationBadge(a.relation), ' ', a.copy_of ? ['of ', copiedLink(a.copy_of, Array.isArray(d.copies) ? d.copies : []), ', score ' + score(a.score)] : '',
              own ? ' · would start a story of its own' : [' · would join ', h('a', { href: storyHref(a.story, Array.isArray(d.same_story) && d.same_story[0] ? d.same_story[0].id : null) }, 'story ' + a.story)]),
            evidenceList(a.evidence) || '',
            h('h2', null, 'Copies among the stored articles'),
            articleList(Array.isArray(d.copies) ? d.copies : [], 'None: no stored article has the same text.'),
            h('h2', null, 'Same story'),
            articleList(Array.isArray(d.same_story) ? d.same_story : [], 'No stored article reports the same event.'),
            h('h2', null, 'Same storyline'),
            storyList(Array.isArray(d.same_storyline) ? d.same_storyline : [], 'No other stored story follows on from this one.'));
        }, failed);
      }
    },
    h('div', { class: 'fields' },
      field('c-title', 'Title', title), field('c-date', 'Date', date),
      field('c-source', 'Source', source), field('c-id', 'Id', id)),
    field('c-text', 'Text', text),
    h('p', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Find copies and story'),
      h('button', {
        type: 'button', class: 'secondary',
        onclick: function () {
          if (!id.value.trim()) { failed(new Error('Give the article an id to store it.')); id.focus(); return; }
          if (!form.reportValidity()) return;
          post('/api/articles').then(function (d) {
            var a = d.article && d.article.id ? d.article : { id: id.value.trim() };
            var where = a.story ? [' in ', h('a', { href: storyHref(a.story, a.id) }, 'story ' + a.story)] : null;
            /* an id is stored once: a text given a stored article's id is
             * not stored (it said 'Already stored', as if this text were) */
            out.replaceChildren(warningsNote(d) || '', d.added === false
              ? h('p', { role: 'status' }, 'Not stored: an article with the id ', h('a', { href: articleHref(a.id) }, a.id),
                ' is already stored', where, '. An id is stored once: to store this text, give it another id.')
              : h('p', { role: 'status' }, 'Stored: ', h('a', { href: articleHref(a.id) }, a.id), where, '.'));
          }, failed);
        }
      }, 'Store it')));
    return [
      h('h1', null, 'Check a text'),
      h('p', { class: 'summary' }, 'Paste an article: newsprint finds its copies and its story among the stored articles without storing it, unless you choose to.'),
      form, out
    ];
  }

  /* ---------- wiring ---------- */

  searchForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var q = searchInput.value.trim();
    location.hash = '#/search' + (q ? '?' + new URLSearchParams({ q: q }).toString() : '');
  });

  document.getElementById('skip').addEventListener('click', function (ev) {
    ev.preventDefault();
    var target = main.querySelector('h1') || main;
    target.setAttribute('tabindex', '-1');
    target.focus();
  });

  window.addEventListener('hashchange', render);
  render();
})();
