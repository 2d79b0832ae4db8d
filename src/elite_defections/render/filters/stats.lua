--[[
stats.lua: puts the statistics into the briefing.

The prose never types a number. It names a statistic by id, `[elite_share_kju]{.stat}`, and this
filter swaps the reference for the statistic's display text followed by a citation of its sources
(real Cite elements, resolved by citeproc after this filter has run). A citation is a claim of
support, so it keeps the statistic's two relations apart (see citations.py): the sources that state
the figure (`sources`) are cited plainly, "1.22% (The Daily Star 2024)"; the sources of the data it
was computed from (`data_sources`) follow "computed from", "2.86 times (computed from The Daily
Star 2024)". When several statistics in one sentence share their citation, it follows the last.
`[id]{.stat cite="false"}` prints the value alone (for generated tables with a source column).

In HTML each number carries its provenance (method, inputs, sources, verdict, notebook) on hover
and on keyboard focus, with CSS alone (`.stat:hover .stat-tip`, `.stat:focus .stat-tip`); no
`title` attribute, which would show a second tooltip over the card. In Typst each number links to its entry in the provenance appendix.

Generated blocks (a Div with one of these classes is replaced):
  ::: {.stat-table ids="a,b"}     headline figures: label, value, check, source. An optional bullet
                                   list inside gives the labels, one item per id, in order.
  ::: {.explain-table ids="a,b"}  label, value and the statistic's generated explanation (its method),
                                   with citations; one bullet label per id; headers="A,B,C" optional.
                                   ids="grade-*" stands for every statistic with that prefix, in
                                   bibliography order, labelled by its first source.
  ::: {.claims-appendix}           every claim in the ledger with its check(s): verdict and method.
  ::: {.provenance-appendix}       every statistic the document prints, with its provenance.
  ::: {.source-table}              each source: kind, what is uncertain, verdicts of its claims.
  ::: {.reference-table}           the dated facts and the arrivals table's rows, with their sources.
  ::: {.figure name="x"}           build/figures/x.svg with caption and alt text from x.json.
  ::: {.build-info}                renderer, build, versions, parameters, notebooks.
  ::: {.grade-scale}               the Admiralty scale's grades and labels (metadata `grading-scale`).
  ::: {.contents}                  the contents, here rather than after the title: in Typst an outline
                                   titled `toc-title`, `toc-depth` deep; in HTML nothing (the
                                   stylesheet places the template's contents).
  ::: {.sensitivity ids="a,b"}     the sensitivity runs (metadata `sensitivity`, build/sensitivity.json):
                                   the generated sentence on the key judgments, each listed figure
                                   and every verdict that moves, under each alternative.
  ::: {.params-banner}             page 1: the parameters that differ from params.yaml and what the
                                   data could not follow (statistic parameter_limitations); nothing
                                   for a default build. They also go into the keywords metadata.

Metadata read (paths as given, or relative to the project root):
  statistics   the statistics file (required)
  bibliography CSL-JSON: labels for the provenance texts; every cited key must be in it
  claims       the claims ledger (YAML), for the quotes in the claims appendix
  figures      the folder of figures (default: build/figures)
  renderer     the renderer's name, set by the fallback renderer; under Quarto: "Quarto <version>"
  grading-scale  the grading scale (YAML), for the {.grade-scale} legend
  toc-title, toc-depth  for the {.contents} outline

Runs the same under Quarto (listed under `filters:`, so before Quarto's own filters and before
citeproc) and under plain Pandoc. Files are located from the project root, found from
QUARTO_PROJECT_DIR or by walking up from this script's own path to `_quarto.yml`, never from the
working directory alone.
]]

local path = pandoc.path
local stringify = pandoc.utils.stringify
local List = pandoc.List

local NAME = "stats.lua"
local IS_HTML = FORMAT:match("html") ~= nil
local IS_TYPST = FORMAT:match("typst") ~= nil
local JSON_NULL = pandoc.json.null

local function fail(message)
  error(NAME .. ": " .. message, 0)
end

local function present(v)
  return v ~= nil and v ~= JSON_NULL and v ~= ""
end

-- JSON numbers arrive as Lua floats: print 1998, not 1998.0.
local function str(v)
  if not present(v) then return "" end
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 1e15 then
    return string.format("%d", v)
  end
  if type(v) == "table" then return pandoc.json.encode(v) end
  return tostring(v)
end

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Files and paths -----------------------------------------------------------------------------

local function read_file(p)
  local f = io.open(p, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function exists(p)
  local f = io.open(p, "rb")
  if not f then return false end
  -- io.open succeeds on a directory on some systems; reading it then fails with a message
  local _, err = f:read(0)
  f:close()
  return err == nil
end

-- Lexical clean-up of a path: collapses "." and "dir/.." (pandoc.path.normalize keeps "..").
local function clean(p)
  local absolute = p:sub(1, 1) == "/"
  local parts = List()
  for part in p:gmatch("[^/]+") do
    if part == ".." and #parts > 0 and parts[#parts] ~= ".." then
      parts:remove()
    elseif part ~= "." then
      parts:insert(part)
    end
  end
  return (absolute and "/" or "") .. table.concat(parts, "/")
end

local CWD = pandoc.system.get_working_directory()

local function absolute(p)
  if path.is_absolute(p) then return clean(p) end
  return clean(path.join({ CWD, p }))
end

local function find_project_root(dir)
  while dir and dir ~= "" do
    if exists(path.join({ dir, "_quarto.yml" })) then return dir end
    local parent = path.directory(dir)
    if parent == dir then return nil end
    dir = parent
  end
end

local function project_root()
  local env = os.getenv("QUARTO_PROJECT_DIR")
  if present(env) then return clean(env) end
  if PANDOC_SCRIPT_FILE then
    local root = find_project_root(path.directory(absolute(PANDOC_SCRIPT_FILE)))
    if root then return root end
  end
  return find_project_root(CWD) or CWD
end

local ROOT = project_root()

local function relative_to_root(p)
  local prefix = ROOT .. "/"
  if p:sub(1, #prefix) == prefix then return p:sub(#prefix + 1) end
  return p
end

-- A path from the metadata: as given (Quarto rewrites it relative to the document, and the
-- working directory is the document's folder), or relative to the project root.
local function resolve(p, what)
  local candidates = path.is_absolute(p) and { p } or { path.join({ CWD, p }), path.join({ ROOT, p }) }
  for _, c in ipairs(candidates) do
    if exists(c) then return clean(c) end
  end
  fail(("%s '%s' not found (looked for %s)"):format(what, p, table.concat(candidates, " and ")))
end

local function document_name()
  if quarto and quarto.doc and quarto.doc.input_file then return relative_to_root(quarto.doc.input_file) end
  local input = PANDOC_STATE.input_files[1]
  if input and input ~= "-" then return relative_to_root(absolute(input)) end
  return "the document"
end

local function decode_json(p, what)
  local text = read_file(p)
  if not text then fail(("cannot read %s %s"):format(what, p)) end
  local ok, data = pcall(pandoc.json.decode, text, false)
  if not ok or type(data) ~= "table" then
    fail(("%s %s is not valid JSON: %s"):format(what, relative_to_root(p), tostring(data)))
  end
  return data
end

local function meta_paths(value)
  if value == nil then return {} end
  if pandoc.utils.type(value) == "List" then
    local out = {}
    for _, v in ipairs(value) do out[#out + 1] = stringify(v) end
    return out
  end
  return { stringify(value) }
end

-- State ---------------------------------------------------------------------------------------

local DATA, STATS, STATS_FILE          -- the statistics file
local BIB = {}                         -- citation key -> {label, genre, note}
local BIB_KEYS = List()                -- keys in bibliography order
local HAVE_BIB = false
local LEDGER = nil                     -- claims from the ledger, in order: {id, source, quote}
local CHECKS = {}                      -- claim id -> list of statistics that check it
local FIGURES_DIR = nil
local RENDERER = nil
local USED = List()                    -- statistic ids printed, in order of first use
local USED_SET = {}
local HAS_PROVENANCE = false
local TIP_COUNT = 0
local DOC_NAME = nil
local META = nil                       -- the document's metadata

local function edit_distance(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

local function get_stat(id, where)
  local s = STATS[id]
  if s == nil then
    local best, best_d = nil, 4
    for _, other in ipairs(sorted_keys(STATS)) do
      local d = edit_distance(id, other)
      if d < best_d then best, best_d = other, d end
    end
    fail(("unknown statistic '%s' in %s%s: not in %s%s"):format(
      id, DOC_NAME, where and (" (" .. where .. ")") or "", relative_to_root(STATS_FILE),
      best and ("; did you mean '" .. best .. "'?") or ""))
  end
  return s
end

local function keys_in(list)
  local out = List()
  if type(list) == "table" then
    for _, k in ipairs(list) do out:insert(k) end
  end
  return out
end

-- What a statistic cites: {stated = keys of sources that state it, data = keys of the sources of
-- the data it was computed from}.
local function citation_of(s)
  return { stated = keys_in(s.sources), data = keys_in(s.data_sources) }
end

local function cited_keys(c)
  local all = List()
  all:extend(c.stated)
  all:extend(c.data)
  return all
end

local function sources_of(s)
  return cited_keys(citation_of(s))
end

local function check_keys(keys, what)
  if not HAVE_BIB then return end
  for _, k in ipairs(keys) do
    if BIB[k] == nil then
      fail(("%s cites '%s', which is not in the bibliography"):format(what, k))
    end
  end
end

local function label_of(key)
  return BIB[key] and BIB[key].label or key
end

-- Loading -------------------------------------------------------------------------------------

-- Citeproc reads lines of the form "variable: value" in a CSL note as that variable.
local CSL_VARIABLES = {}
for v in ([[author editor translator director container-author collection-editor composer
  interviewer illustrator recipient reviewed-author title container-title collection-title
  title-short container-title-short original-title publisher publisher-place event event-place
  issued accessed original-date submitted event-date type genre medium status edition volume issue
  page number section source archive archive-place url doi isbn issn pmid pmcid language
  citation-key abstract annote keyword version dimensions scale references jurisdiction authority
  chapter-number collection-number number-of-pages number-of-volumes]]):gmatch("%S+") do
  CSL_VARIABLES[v] = true
end

local function load_bibliography(meta)
  for _, p in ipairs(meta_paths(meta.bibliography)) do
    local file = resolve(p, "bibliography")
    if file:match("%.json$") then
      HAVE_BIB = true
      local items = decode_json(file, "bibliography")
      for _, item in ipairs(items) do
        local author = ""
        if type(item.author) == "table" and item.author[1] then
          author = item.author[1].literal or item.author[1].family or ""
        end
        local year = ""
        if type(item.issued) == "table" and type(item.issued["date-parts"]) == "table" then
          year = tostring(math.tointeger(item.issued["date-parts"][1][1]) or item.issued["date-parts"][1][1])
        end
        if present(item.note) then
          for line in tostring(item.note):gmatch("[^\n]+") do
            local key = line:match("^%s*([%w%-]+)%s*:")
            if key and CSL_VARIABLES[key:lower()] then
              fail(("%s: entry '%s': its note has a line starting '%s:', which citeproc reads as the "
                .. "CSL variable '%s' and prints instead of the real one (the citation would read \"%s\"); "
                .. "reword the note so that no line starts with a field name"):format(
                relative_to_root(file), item.id, key, key, trim(line:sub(#key + 2))))
            end
          end
        end
        BIB[item.id] = {
          label = trim(author .. " " .. year),
          genre = present(item.genre) and item.genre or (item.type or ""),
          note = present(item.note) and item.note or "",
        }
        BIB_KEYS:insert(item.id)
      end
    end
  end
end

-- The ledger is YAML; Pandoc reads YAML only as document metadata, so the ledger is read as the
-- metadata block of an otherwise empty document (values come back as text).
local function read_yaml(file)
  local indented = read_file(file):gsub("\n", "\n  ")
  return pandoc.read("---\nvalue:\n  " .. indented .. "\n...\n", "markdown-smart").meta.value
end

local function load_ledger(meta)
  if meta.claims == nil then return end
  LEDGER = List()
  for _, c in ipairs(read_yaml(resolve(stringify(meta.claims), "claims ledger")) or {}) do
    LEDGER:insert({ id = stringify(c.id), source = stringify(c.source or ""), quote = stringify(c.quote or ""),
                    figure = stringify(c.figure or "") })
  end
end

local function load(meta)
  local given = meta.statistics and stringify(meta.statistics)
  if not present(given) then
    fail("no 'statistics:' in the document metadata; set it in _quarto.yml (a path relative to the project root)")
  end
  STATS_FILE = resolve(given, "statistics file")
  DATA = decode_json(STATS_FILE, "statistics file")
  if type(DATA.statistics) ~= "table" then
    fail(relative_to_root(STATS_FILE) .. " has no 'statistics' map; is it the merged build/statistics.json?")
  end
  STATS = DATA.statistics
  load_bibliography(meta)
  load_ledger(meta)
  for _, id in ipairs(sorted_keys(STATS)) do
    local s = STATS[id]
    if present(s.claim) then
      CHECKS[s.claim] = CHECKS[s.claim] or List()
      CHECKS[s.claim]:insert(s)
    end
  end
  local figures = meta.figures and stringify(meta.figures) or "build/figures"
  FIGURES_DIR = figures
  if meta.renderer then
    RENDERER = stringify(meta.renderer)
  elseif quarto and quarto.version then
    RENDERER = "Quarto " .. tostring(quarto.version)
  else
    RENDERER = "Pandoc " .. tostring(PANDOC_VERSION)
  end
end

-- Rendering one statistic ---------------------------------------------------------------------

local function cite(keys, mode)
  local citations = List()
  for _, k in ipairs(keys) do citations:insert(pandoc.Citation(k, mode or "NormalCitation")) end
  local text = "[@" .. table.concat(keys, "; @") .. "]"
  return pandoc.Cite({ pandoc.Str(text) }, citations)
end

local LONG_INPUTS = 12

local COMPUTED_FROM = "computed from"

-- The citation of a statistic: the sources that state it, then "computed from" and the sources
-- of its data (one prefix for the group, as a writer would put it).
local function cite_statistic(c)
  local citations, parts = List(), {}
  for _, k in ipairs(c.stated) do
    citations:insert(pandoc.Citation(k, "NormalCitation"))
    parts[#parts + 1] = "@" .. k
  end
  for i, k in ipairs(c.data) do
    local citation = pandoc.Citation(k, "NormalCitation")
    if i == 1 then
      citation.prefix = pandoc.Inlines(COMPUTED_FROM)
      parts[#parts + 1] = COMPUTED_FROM .. " @" .. k
    else
      parts[#parts + 1] = "@" .. k
    end
    citations:insert(citation)
  end
  return pandoc.Cite({ pandoc.Str("[" .. table.concat(parts, "; ") .. "]") }, citations)
end

-- The citation of one or more statistics (that share it), marked with their ids so that a test
-- can check each citation against the statistics it stands for.
local function cite_span(c, ids)
  return pandoc.Span({ cite_statistic(c) }, { class = "stat-cite", ["data-stats"] = table.concat(ids, ",") })
end

local function inputs_text(s)
  if type(s.computed_from) ~= "table" then return nil end
  local parts = {}
  for _, kind in ipairs(sorted_keys(s.computed_from)) do
    local values = s.computed_from[kind]
    if type(values) == "table" and #values > LONG_INPUTS then
      -- a list this long is a row taller than a page; the full list is in the statistics file
      parts[#parts + 1] = ("%s: %d of them, listed in %s"):format(kind, #values, relative_to_root(STATS_FILE))
    elseif type(values) == "table" and #values > 0 then
      parts[#parts + 1] = kind .. ": " .. table.concat(values, ", ")
    end
  end
  if #parts == 0 then return nil end
  return table.concat(parts, "; ")
end

local function sources_text(s)
  local c = citation_of(s)
  local function labels(keys)
    local out = {}
    for _, k in ipairs(keys) do out[#out + 1] = label_of(k) end
    return table.concat(out, "; ")
  end
  local parts = {}
  if #c.stated > 0 then parts[#parts + 1] = "stated by " .. labels(c.stated) end
  if #c.data > 0 then parts[#parts + 1] = COMPUTED_FROM .. " " .. labels(c.data) end
  if #parts == 0 then return "none (parameters of the build or the project's own files)" end
  return table.concat(parts, "; ")
end

local function verdict_text(s)
  if present(s.verdict) then
    return s.verdict .. (present(s.claim) and (" (claim " .. s.claim .. ")") or "")
  end
  return "none (a computed figure, not a check of a claim)"
end

-- The provenance of a statistic as (label, text) pairs.
local function provenance(s)
  local rows = { { "Method", str(s.method) } }
  local inputs = inputs_text(s)
  if inputs then rows[#rows + 1] = { "Computed from", inputs } end
  if type(s.reported_by) == "table" and #s.reported_by > 0 then
    rows[#rows + 1] = { "Stated in", table.concat(s.reported_by, ", ") }
  end
  rows[#rows + 1] = { "Sources", sources_text(s) }
  rows[#rows + 1] = { "Verdict", verdict_text(s) }
  if present(s.notebook) then rows[#rows + 1] = { "Notebook", s.notebook } end
  return rows
end

local function note_use(id)
  if not USED_SET[id] then
    USED_SET[id] = true
    USED:insert(id)
  end
end

local function render_stat(span, with_cite, where, in_meta, covered)
  local id = trim(span.attributes.id or stringify(span.content))
  if id == "" then fail("an empty [ ]{.stat} span in " .. DOC_NAME) end
  local s = get_stat(id, where)
  local citation = citation_of(s)
  check_keys(cited_keys(citation), "statistic '" .. id .. "'")
  note_use(id)
  local value = pandoc.Inlines(str(s.display))
  local out = List()
  if in_meta then
    out:extend(value)                    -- title block: the value alone
  elseif IS_HTML then
    TIP_COUNT = TIP_COUNT + 1
    local tip_id = "stat-tip-" .. TIP_COUNT
    local lines = List()
    for _, row in ipairs(provenance(s)) do
      lines:insert(pandoc.Span({ pandoc.Strong({ pandoc.Str(row[1] .. ":") }), pandoc.Space(),
        table.unpack(pandoc.Inlines(row[2])) }, { class = "stat-tip-line" }))
    end
    local tip = pandoc.Span(lines, { id = tip_id, class = "stat-tip", role = "tooltip" })
    -- attributes as a list in name order: a Lua table's order changes from run to run
    -- a generated sentence (longer than a figure) wraps and reads as text; a figure does not break
    local classes = #str(s.display) > 40 and { "stat", "stat-text" } or { "stat" }
    out:insert(pandoc.Span({ pandoc.Span(value, { class = "stat-value" }), tip }, pandoc.Attr("", classes, {
      { "aria-describedby", tip_id }, { "data-stat", id }, { "tabindex", "0" },
    })))
  elseif IS_TYPST and HAS_PROVENANCE then
    out:insert(pandoc.Link(value, "#prov-" .. id, "", { class = "stat" }))
  else
    out:insert(pandoc.Span(value, { class = "stat", ["data-stat"] = id }))
  end
  if with_cite and #cited_keys(citation) > 0 then
    out:insert(pandoc.Space())
    out:insert(cite_span(citation, covered or { id }))
  end
  return out
end

local function is_stat(el)
  return el.t == "Span" and el.classes:includes("stat")
end

local function ends_sentence(el)
  if el.t == "LineBreak" then return true end
  return el.t == "Str" and el.text:match("[%.!?;:][\"'”’%)]*$") ~= nil
end

local function same_list(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

local function same_keys(a, b)
  return same_list(a.stated, b.stated) and same_list(a.data, b.data)
end

local NO_CITATION = { stated = List(), data = List() }

local function span_keys(span)
  local id = trim(span.attributes.id or stringify(span.content))
  local s = STATS[id]
  return s and citation_of(s) or NO_CITATION
end

local function has_citation(c)
  return #c.stated + #c.data > 0
end

-- One list of inlines: expand every stat span, with citations placed as a writer would:
--   * statistics in one sentence that share their sources are cited once, after the last of them;
--   * the citation of the last statistic of a sentence goes at the end of the sentence, before its
--     closing punctuation ("2.48 times as many (The Daily Star 2024).").
local SENTENCE_END = "^(.-)([%.!?;:][\"'”’%)]*)$"

local function expand(inlines, in_meta)
  local positions = {}
  for i, el in ipairs(inlines) do
    if is_stat(el) then positions[#positions + 1] = i end
  end
  if #positions == 0 then return nil end

  -- sentence of each element, and the element that ends each sentence
  local sentence_of, sentence_end, sentence = {}, {}, 1
  for i, el in ipairs(inlines) do
    sentence_of[i] = sentence
    if ends_sentence(el) then
      sentence_end[sentence] = i
      sentence = sentence + 1
    end
  end

  local cites = {}
  local covers = {}                      -- position of a citation -> ids of the statistics it covers
  local next_keys, next_pos = nil, nil   -- the nearest following statistic that is cited
  for n = #positions, 1, -1 do
    local i = positions[n]
    local span = inlines[i]
    local id = trim(span.attributes.id or stringify(span.content))
    local wants = not in_meta and span.attributes.cite ~= "false"
    if wants and next_pos and sentence_of[next_pos] == sentence_of[i]
        and same_keys(span_keys(span), next_keys) then
      wants = false
      covers[next_pos]:insert(1, id)
    elseif wants then
      covers[i] = List({ id })
    end
    cites[i] = wants
    -- a statistic without sources (a parameter) does not interrupt a run
    if wants and has_citation(span_keys(span)) then next_keys, next_pos = span_keys(span), i end
  end

  -- defer the last citation of each sentence to its end
  local deferred = {}        -- index of the sentence-ending Str -> keys to cite there
  local last_cited = {}
  for _, i in ipairs(positions) do
    if cites[i] and has_citation(span_keys(inlines[i])) then last_cited[sentence_of[i]] = i end
  end
  for sent, i in pairs(last_cited) do
    local e = sentence_end[sent]
    if e and e > i and inlines[e].t == "Str" then
      deferred[e] = { citation = span_keys(inlines[i]), ids = covers[i] }
      cites[i] = "deferred"
    end
  end

  local out = List()
  for i, el in ipairs(inlines) do
    if cites[i] ~= nil then
      out:extend(render_stat(el, cites[i] == true, in_meta and "metadata" or nil, in_meta, covers[i]))
    elseif deferred[i] then
      local head, tail = el.text:match(SENTENCE_END)
      if head ~= "" then out:insert(pandoc.Str(head)) end
      out:insert(pandoc.Space())
      out:insert(cite_span(deferred[i].citation, deferred[i].ids))
      out:insert(pandoc.Str(tail))
    else
      out:insert(el)
    end
  end
  return out
end

-- Table helpers -------------------------------------------------------------------------------

local function cell(inlines)
  if type(inlines) == "string" then inlines = pandoc.Inlines(inlines) end
  return { pandoc.Plain(inlines) }
end

local function make_table(headers, widths, rows, aligns, class)
  local header_cells = List()
  for _, h in ipairs(headers) do header_cells:insert(cell(h)) end
  aligns = aligns or {}
  local alignments = {}
  for i = 1, #headers do alignments[i] = aligns[i] or "AlignLeft" end
  local simple = pandoc.SimpleTable({}, alignments, widths, header_cells, rows)
  local tbl = pandoc.utils.from_simple_table(simple)
  tbl.attr = pandoc.Attr("", { "generated", class })
  return tbl
end

local function verdict_inlines(verdict)
  local slug = verdict:gsub("[^%w]+", "-")
  if IS_HTML then
    return { pandoc.Span(pandoc.Inlines(verdict), { class = "verdict verdict-" .. slug }) }
  end
  if verdict == "contradicted" then return { pandoc.Strong(pandoc.Inlines(verdict)) } end
  return pandoc.Inlines(verdict)
end

local function stat_ref(id)
  return pandoc.Span({ pandoc.Str(id) }, { class = "stat", cite = "false" })
end

local function code(text)
  return pandoc.Code(text, { class = "id" })
end

local function join_inlines(list, sep)
  local out = List()
  for i, inl in ipairs(list) do
    if i > 1 then out:extend(pandoc.Inlines(sep)) end
    out:extend(inl)
  end
  return out
end

local function join_lines(list)
  local out = List()
  for i, inl in ipairs(list) do
    if i > 1 then out:insert(pandoc.LineBreak()) end
    out:extend(inl)
  end
  return out
end

-- The check of a headline figure: its own verdict, or the verdicts on the claims it rests on.
local function check_of(s)
  if present(s.verdict) then return verdict_inlines(s.verdict) end
  local seen, verdicts = {}, List()
  if type(s.computed_from) == "table" and type(s.computed_from.claims) == "table" then
    for _, claim in ipairs(s.computed_from.claims) do
      for _, c in ipairs(CHECKS[claim] or {}) do
        if present(c.verdict) and not seen[c.verdict] then
          seen[c.verdict] = true
          verdicts:insert(verdict_inlines(c.verdict))
        end
      end
    end
  end
  if #verdicts == 0 then return pandoc.Inlines("computed") end
  local out = pandoc.Inlines("figures it rests on: ")
  out:extend(join_inlines(verdicts, ", "))
  return out
end

-- Generated blocks ----------------------------------------------------------------------------

-- The ids="a,b" of a generated table and the labels of its bullet list (one per id; optional
-- where `labels_optional`).
-- An id ending in "*" (ids="grade-*") stands for every statistic with that prefix, ordered by its
-- first source's place in the bibliography: a new source's rows appear with no edit to the .qmd.
local function expand_ids(pattern)
  local prefix, rank, found = pattern:sub(1, -2), {}, List()
  for i, k in ipairs(BIB_KEYS) do rank[k] = i end
  for id in pairs(STATS) do
    if id:sub(1, #prefix) == prefix then found:insert(id) end
  end
  local function place(id) return rank[(STATS[id].sources or {})[1]] or math.huge end
  table.sort(found, function(a, b)
    if place(a) ~= place(b) then return place(a) < place(b) end
    return a < b
  end)
  return found
end

local function ids_and_labels(div, class, labels_optional)
  local ids, expanded = List(), false
  for id in (div.attributes.ids or ""):gmatch("[^,%s]+") do
    if id:sub(-1) == "*" then
      ids:extend(expand_ids(id))
      expanded = true
    else
      ids:insert(id)
    end
  end
  if #ids == 0 and not expanded then fail(("a .%s in %s has no ids=\"...\""):format(class, DOC_NAME)) end
  local labels = List()
  for _, block in ipairs(div.content) do
    if block.t == "BulletList" then
      for _, item in ipairs(block.content) do labels:insert(pandoc.utils.blocks_to_inlines(item)) end
    end
  end
  if #labels ~= #ids and not ((labels_optional or expanded) and #labels == 0) then
    fail(("the .%s in %s lists %d ids but %d labels"):format(class, DOC_NAME, #ids, #labels))
  end
  return ids, labels
end

local function stat_table(div)
  local ids, labels = ids_and_labels(div, "stat-table", true)
  local rows = List()
  for i, id in ipairs(ids) do
    local s = get_stat(id, "stat-table")
    local citation = citation_of(s)
    check_keys(cited_keys(citation), "statistic '" .. id .. "'")
    rows:insert({
      cell(labels[i] or pandoc.Inlines(present(s.method) and s.method or id)),
      cell({ stat_ref(id) }),
      cell(check_of(s)),
      cell(has_citation(citation) and { cite_span(citation, { id }) } or pandoc.Inlines("none")),
    })
  end
  return make_table({ "Figure", "Value", "Check", "Source" }, { 0.37, 0.11, 0.2, 0.32 }, rows,
    { "AlignLeft", "AlignRight", "AlignLeft", "AlignLeft" }, "stat-table")
end

-- Statistics whose method is itself the reader's explanation (cross-source comparisons, source
-- grades): label, value, and the generated explanation with its citations.
local function explain_table(div)
  local ids, labels = ids_and_labels(div, "explain-table", false)
  local rows = List()
  for i, id in ipairs(ids) do
    local s = get_stat(id, "explain-table")
    local citation = citation_of(s)
    check_keys(cited_keys(citation), "statistic '" .. id .. "'")
    local explanation = pandoc.Inlines(str(s.method))
    if has_citation(citation) then
      explanation:insert(pandoc.Space())
      explanation:insert(cite_span(citation, { id }))
    end
    -- no label given (ids="grade-*"): the article the row is about, named by its citation
    local keys = cited_keys(citation)
    local label = labels[i] or (#keys > 0 and { cite({ keys[1] }, "AuthorInText") } or pandoc.Inlines(id))
    rows:insert({ cell(label), cell({ stat_ref(id) }), cell(explanation) })
  end
  local headers = List()
  for h in (div.attributes.headers or "Item,Finding,Why"):gmatch("[^,]+") do headers:insert(h) end
  -- a column of quoted passages needs room, or the passages run a word to a line
  local wordy = false
  for _, id in ipairs(ids) do
    local _, words = str(STATS[id].display):gsub("%S+", "")
    if words > 4 then wordy = true end
  end
  return make_table(headers, wordy and { 0.16, 0.3, 0.54 } or { 0.2, 0.14, 0.66 }, rows, nil, "explain-table")
end

-- A claim as a reader knows it, outlet and figure ("The Daily Star: “23,027”"), linked to its row in
-- the claims appendix; the internal id only where the ledger does not hold the claim.
local function claim_label(id)
  for _, c in ipairs(LEDGER or {}) do
    if c.id == id and present(c.source) then
      local words = present(c.figure) and c.figure or c.quote
      local out = pandoc.Inlines(label_of(c.source) .. ": ")
      out:insert(pandoc.Quoted("DoubleQuote", pandoc.Inlines(words)))
      return pandoc.Inlines({ pandoc.Link(out, "#check-" .. id) })
    end
  end
  return pandoc.Inlines({ code(id) })
end

local function claims_appendix()
  local entries = List()
  if LEDGER then
    for _, c in ipairs(LEDGER) do entries:insert(c) end
    -- a check of a claim that is not in the ledger is still shown
    local known = {}
    for _, c in ipairs(LEDGER) do known[c.id] = true end
    for _, claim in ipairs(sorted_keys(CHECKS)) do
      if not known[claim] then entries:insert({ id = claim, source = nil, quote = nil }) end
    end
  else
    for _, claim in ipairs(sorted_keys(CHECKS)) do entries:insert({ id = claim }) end
  end
  local rows = List()
  for _, c in ipairs(entries) do
    local checks = CHECKS[c.id] or List()
    local quote = c.quote
    local keys = List()
    if present(c.source) then keys:insert(c.source) end
    for _, s in ipairs(checks) do
      if not present(quote) and present(s.quote) then quote = s.quote end
      if #keys == 0 then keys = sources_of(s) end
    end
    check_keys(keys, "claim '" .. c.id .. "'")
    -- the anchor the ClaimReview export links to (briefing.html#check-<claim id>); the id itself
    -- is not shown: readers know a claim by its quote and source
    local claim_inlines = List({ pandoc.Span(
      present(quote) and { pandoc.Quoted("DoubleQuote", pandoc.Inlines(quote)) } or { code(c.id) },
      { id = "check-" .. c.id }) })
    local verdicts, methods = List(), List()
    for _, s in ipairs(checks) do
      verdicts:insert(present(s.verdict) and verdict_inlines(s.verdict) or pandoc.Inlines("no verdict"))
      local method = pandoc.Inlines(str(s.method))
      local citation = citation_of(s)
      check_keys(cited_keys(citation), "statistic '" .. s.id .. "'")
      if has_citation(citation) then
        method:insert(pandoc.Space())
        method:insert(cite_span(citation, { s.id }))
      end
      methods:insert(method)
    end
    if #checks == 0 then
      verdicts:insert(pandoc.Inlines("no check recorded"))
      methods:insert(pandoc.Inlines("—"))
    end
    rows:insert({
      cell(claim_inlines),
      cell(#keys > 0 and { cite(keys) } or pandoc.Inlines("—")),
      cell(join_inlines(verdicts, "; ")),
      cell(join_inlines(methods, "; ")),
    })
  end
  return make_table({ "Claim", "Source", "Verdict", "Check" }, { 0.40, 0.15, 0.14, 0.31 }, rows,
    nil, "claims-appendix")
end

local function source_table()
  -- One pass over the ledger, one over the checks: the table grows linearly with the claims.
  local source_of, has_claims = {}, {}
  for _, c in ipairs(LEDGER or {}) do
    source_of[c.id] = c.source
    has_claims[c.source] = true
  end
  local by_source = {}
  for _, claim in ipairs(sorted_keys(CHECKS)) do
    for _, s in ipairs(CHECKS[claim]) do
      local key = source_of[claim] or (s.sources and s.sources[1])
      if present(key) and present(s.verdict) then
        by_source[key] = by_source[key] or {}
        by_source[key][s.verdict] = (by_source[key][s.verdict] or 0) + 1
      end
    end
  end
  local rows = List()
  for _, key in ipairs(BIB_KEYS) do
    local tally = by_source[key]
    local verdicts = List()
    if tally then
      for _, v in ipairs(sorted_keys(tally)) do
        local inl = verdict_inlines(v)
        local item = List({ pandoc.Str(tostring(tally[v])), pandoc.Space() })
        item:extend(inl)
        verdicts:insert(item)
      end
    end
    if tally or has_claims[key] then
      rows:insert({
        cell({ cite({ key }, "AuthorInText") }),
        cell(BIB[key].genre),
        -- the column's heading already says it: drop the note's own prefix
        cell(BIB[key].note ~= "" and (BIB[key].note:gsub("^Uncertain in the record: ", "")) or "—"),
        cell(#verdicts > 0 and join_lines(verdicts) or pandoc.Inlines("no checks recorded")),
      })
    end
  end
  return make_table({ "Source", "Kind", "Uncertain in the record", "Verdicts on its claims" },
    { 0.18, 0.18, 0.34, 0.30 }, rows, nil, "source-table")
end

local function provenance_appendix()
  local rows = List()
  for _, id in ipairs(USED) do
    local s = STATS[id]
    local how = List()
    for _, row in ipairs(provenance(s)) do
      if row[1] ~= "Sources" and row[1] ~= "Verdict" then
        if #how > 0 then how:insert(pandoc.LineBreak()) end
        how:insert(pandoc.Strong({ pandoc.Str(row[1] .. ":") }))
        how:insert(pandoc.Space())
        how:extend(pandoc.Inlines(row[2]))
      end
    end
    local citation = citation_of(s)
    local source = List(has_citation(citation) and { cite_span(citation, { id }) } or pandoc.Inlines("none"))
    source:insert(pandoc.LineBreak())
    source:extend(present(s.verdict) and verdict_inlines(s.verdict) or pandoc.Inlines("computed"))
    local statistic = List({ pandoc.Span({ code(id) }, { id = "prov-" .. id }), pandoc.LineBreak() })
    statistic:extend(pandoc.Inlines(str(s.display)))
    rows:insert({ cell(statistic), cell(how), cell(source) })
  end
  return make_table({ "Statistic", "How it was obtained", "Source and check" }, { 0.25, 0.52, 0.23 },
    rows, nil, "provenance-appendix")
end

-- The reference data as the statistics `fact-<id>` and `rows-<years>` list them (made in
-- bibliography.py): each record with the outside sources it rests on, in order of date.
local function reference_table()
  local ids = List()
  for _, id in ipairs(sorted_keys(STATS)) do
    if id:match("^fact%-") or id:match("^rows%-") then ids:insert(id) end
  end
  ids:sort(function(a, b)
    local va, vb = str(STATS[a].value), str(STATS[b].value)
    if va ~= vb then return va < vb end
    return a < b
  end)
  local rows = List()
  for _, id in ipairs(ids) do
    local s = STATS[id]
    local citation = citation_of(s)
    check_keys(cited_keys(citation), "statistic '" .. id .. "'")
    rows:insert({ cell(pandoc.Inlines(str(s.display))),
                  cell(has_citation(citation) and { cite_span(citation, { id }) } or pandoc.Inlines("none")) })
  end
  return make_table({ "Record", "Source" }, { 0.66, 0.34 }, rows, nil, "reference-table")
end

local function base64(data)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    out[#out + 1] = chars:sub((n >> 18) + 1, (n >> 18) + 1)
      .. chars:sub(((n >> 12) & 63) + 1, ((n >> 12) & 63) + 1)
      .. (b and chars:sub(((n >> 6) & 63) + 1, ((n >> 6) & 63) + 1) or "=")
      .. (c and chars:sub((n & 63) + 1, (n & 63) + 1) or "=")
  end
  return table.concat(out)
end

local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\r", ""):gsub("\n", "\\n") .. '"'
end

-- The figure is embedded in the output (a data URI in HTML, bytes in Typst), so neither output
-- depends on where the renderer runs from or on Typst's project root.
local function figure(div)
  local name = div.attributes.name
  if not present(name) then fail("a .figure in " .. DOC_NAME .. " has no name=\"...\"") end
  local svg_file = resolve(FIGURES_DIR .. "/" .. name .. ".svg", "figure")
  local meta_file = resolve(FIGURES_DIR .. "/" .. name .. ".json", "figure sidecar")
  local sidecar = decode_json(meta_file, "figure sidecar")
  if not present(sidecar.caption) or not present(sidecar.alt) then
    fail(relative_to_root(meta_file) .. " needs both 'caption' and 'alt'")
  end
  local svg = read_file(svg_file)
  local content
  if IS_TYPST then
    content = pandoc.RawInline("typst", ("#image(bytes(%s), format: \"svg\", width: 100%%, alt: %s)")
      :format(typst_string(svg), typst_string(sidecar.alt)))
  else
    -- `fig-alt`: Quarto's figure filters replace an image's alt text with the caption unless it is set;
    -- role and aria-label as Pandoc's embed pass would add them (the render inlines the CSS instead).
    -- Attributes as a list in name order: a Lua table's order changes from run to run.
    content = pandoc.Image(pandoc.Inlines(sidecar.alt), "data:image/svg+xml;base64," .. base64(svg), "",
      pandoc.Attr("", {}, { { "aria-label", sidecar.alt }, { "fig-alt", sidecar.alt }, { "role", "img" } }))
  end
  return pandoc.Figure({ pandoc.Plain({ content }) }, { pandoc.Plain(pandoc.Inlines(sidecar.caption)) },
    { id = "figure-" .. name, class = "briefing-figure" })
end

local function format_date(iso)
  local months = { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" }
  local y, m, d = tostring(iso):match("^(%d%d%d%d)-(%d%d)-(%d%d)")
  if not y then return tostring(iso) end
  return ("%d %s %s"):format(tonumber(d), months[tonumber(m)], y)
end

local function build_info()
  local rows = List()
  local build = type(DATA.build) == "table" and DATA.build or {}
  local function row(label, value)
    if present(value) then rows:insert({ cell(label), cell({ pandoc.Code(str(value)) }) }) end
  end
  row("Rendered by", RENDERER)
  row("Statistics built", build.date)
  row("Commit", build.commit)
  row("Package version", build.package_version)
  row("Python", build.python)
  row("Statistics file", relative_to_root(STATS_FILE))
  if type(DATA.parameters) == "table" then
    for _, name in ipairs(sorted_keys(DATA.parameters)) do
      row("Parameter " .. name, DATA.parameters[name])
    end
  end
  if type(DATA.notebooks) == "table" then
    for _, name in ipairs(sorted_keys(DATA.notebooks)) do
      local nb = DATA.notebooks[name]
      row("Notebook " .. name, type(nb) == "table" and nb.executed or nb)
    end
  end
  return make_table({ "Item", "Value" }, { 0.34, 0.66 }, rows, nil, "build-info")
end

-- The Admiralty scale beside the grades: reliability letters and credibility numbers with their labels,
-- from the scale's data file.
local function grade_scale()
  if META["grading-scale"] == nil then
    fail("a .grade-scale in " .. DOC_NAME .. " needs 'grading-scale:' (the scale's YAML file) in the metadata")
  end
  local scale = read_yaml(resolve(stringify(META["grading-scale"]), "grading scale")) or {}
  local reliability, credibility = scale.reliability or {}, scale.credibility or {}
  local rows = List()
  for i = 1, math.max(#reliability, #credibility) do
    local r, c = reliability[i] or {}, credibility[i] or {}
    rows:insert({ cell({ pandoc.Strong(pandoc.Inlines(stringify(r.grade or ""))) }), cell(stringify(r.label or "")),
      cell({ pandoc.Strong(pandoc.Inlines(stringify(c.grade or ""))) }), cell(stringify(c.label or "")) })
  end
  return make_table({ "Reliability", "of the source", "Credibility", "of the information" },
    { 0.14, 0.36, 0.14, 0.36 }, rows, nil, "grade-scale")
end

local function contents()
  if not IS_TYPST then return {} end
  local title = META["toc-title"] and stringify(META["toc-title"]) or "Contents"
  local depth = tonumber(META["toc-depth"] and stringify(META["toc-depth"]) or "") or 2
  return pandoc.RawBlock("typst", ("#outline(title: %s, depth: %d)"):format(typst_string(title), depth))
end

-- The build's parameters that differ from params.yaml, as "name = value (default d)" strings.
local function departures()
  local out = List()
  if type(DATA.departures) == "table" then
    for _, name in ipairs(sorted_keys(DATA.departures)) do
      local d = DATA.departures[name]
      out:insert(("%s = %s (default %s)"):format(name, str(d.value), str(d.default)))
    end
  end
  return out
end

local function params_banner()
  local changed = departures()
  if #changed == 0 then return {} end
  local blocks = List({ pandoc.Para({ pandoc.Strong(pandoc.Inlines("Not the default build.")), pandoc.Space(),
    table.unpack(pandoc.Inlines("Parameters changed from params.yaml: " .. table.concat(changed, "; ") .. ".")) }) })
  local limits = STATS.parameter_limitations
  if limits and type(limits.value) == "table" then
    for _, text in ipairs(limits.value) do blocks:insert(pandoc.Para(pandoc.Inlines(str(text)))) end
  end
  return pandoc.Div({ pandoc.BlockQuote(blocks) }, { class = "params-banner" })
end

-- The sensitivity runs (sensitivity.py): only when they were made for this build's parameters.
local function sensitivity_section(div)
  local ids, labels = ids_and_labels(div, "sensitivity", true)
  local given = META.sensitivity and stringify(META.sensitivity)
  local found, file = false, nil
  if present(given) then found, file = pcall(resolve, given, "sensitivity file") end
  local sens = found and decode_json(file, "sensitivity file") or {}
  local current = type(sens.alternatives) == "table" and not sens.not_run and type(sens.parameters) == "table"
  for name, value in pairs(type(DATA.parameters) == "table" and DATA.parameters or {}) do
    if current and str(sens.parameters[name]) ~= str(value) then current = false end
  end
  if not current then
    return pandoc.Para(pandoc.Inlines("The sensitivity runs were not made for this build's parameters " ..
      "(build without --no-sensitivity to make them)."))
  end
  local function under(id, field)
    local changes, base = List(), STATS[id] and str(STATS[id][field]) or ""
    for _, alt in ipairs(sens.alternatives) do
      local moved = alt.moved and alt.moved[id]
      if moved and str(moved[field]) ~= base then changes:insert(str(moved[field]) .. " with the " .. str(alt.label)) end
    end
    return #changes > 0 and table.concat(changes, "; ") or "unchanged under every alternative"
  end
  local blocks = List({ pandoc.Para(pandoc.Inlines(str(sens.sentence))) })
  local alts = List()
  for _, alt in ipairs(sens.alternatives) do
    local n, v = 0, 0
    for _, m in pairs(alt.moved or {}) do n = n + 1; if present(m.verdict) then v = v + 1 end end
    alts:insert({ pandoc.Plain(pandoc.Inlines(("%s: %d statistics print differently, %d of them checks"):format(
      str(alt.label), n, v))) })
  end
  blocks:insert(pandoc.BulletList(alts))
  local rows = List()
  for i, id in ipairs(ids) do
    get_stat(id, "sensitivity")
    rows:insert({ cell(labels[i] or pandoc.Inlines(id)), cell({ stat_ref(id) }), cell(under(id, "display")) })
  end
  blocks:insert(make_table({ "Figure", "This build", "Under the alternatives" }, { 0.3, 0.14, 0.56 }, rows, nil,
    "sensitivity-figures"))
  local moving = {}
  for _, alt in ipairs(sens.alternatives) do
    for id, m in pairs(alt.moved or {}) do
      if present(m.verdict) and STATS[id] and str(m.verdict) ~= str(STATS[id].verdict) then moving[id] = true end
    end
  end
  local vrows = List()
  for _, id in ipairs(sorted_keys(moving)) do
    local s = STATS[id]
    vrows:insert({ cell(claim_label(present(s.claim) and s.claim or id)), cell(verdict_inlines(str(s.verdict))),
      cell(under(id, "verdict")) })
  end
  if #vrows > 0 then
    blocks:insert(make_table({ "Claim", "Verdict in this build", "Under the alternatives" }, { 0.34, 0.18, 0.48 },
      vrows, nil, "sensitivity-verdicts"))
  else
    blocks:insert(pandoc.Para(pandoc.Inlines("No verdict moves under any alternative.")))
  end
  return blocks
end

local GENERATORS = {
  ["sensitivity"] = sensitivity_section,
  ["params-banner"] = params_banner,
  ["stat-table"] = stat_table,
  ["explain-table"] = explain_table,
  ["claims-appendix"] = claims_appendix,
  ["source-table"] = source_table,
  ["reference-table"] = reference_table,
  ["figure"] = figure,
  ["build-info"] = build_info,
  ["grade-scale"] = grade_scale,
  ["contents"] = contents,
}

-- The document --------------------------------------------------------------------------------

function Pandoc(doc)
  DOC_NAME = document_name()
  META = doc.meta
  load(doc.meta)

  -- provenance links in Typst need the appendix's labels to exist
  doc.blocks:walk({
    Div = function(div) if div.classes:includes("provenance-appendix") then HAS_PROVENANCE = true end end,
  })

  -- 1. generated blocks (their values are stat spans, expanded with the prose below)
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      for class, generate in pairs(GENERATORS) do
        if div.classes:includes(class) then
          return generate(div)
        end
      end
    end,
  })

  -- 2. statistics in the prose, in document order
  doc.blocks = doc.blocks:walk({ Inlines = function(inlines) return expand(inlines, false) end })
  for _, key in ipairs({ "title", "subtitle", "abstract" }) do
    local value = doc.meta[key]
    if value ~= nil and pandoc.utils.type(value) == "Inlines" then
      doc.meta[key] = value:walk({ Inlines = function(inlines) return expand(inlines, true) end })
    end
  end

  -- 3. the provenance appendix lists every statistic printed above
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.classes:includes("provenance-appendix") then return provenance_appendix() end
    end,
  })

  -- a non-default build says so in the HTML <meta name="keywords"> and the PDF's keywords
  local changed = departures()
  if #changed > 0 then
    local keywords = List({ "non-default parameters" })
    keywords:extend(changed)
    if IS_TYPST then  -- the Typst template puts keywords in code: they must be string literals
      keywords = keywords:map(function(k) return pandoc.Inlines({ pandoc.RawInline("typst", typst_string(k)) }) end)
    end
    doc.meta.keywords = keywords
  end

  if doc.meta.date == nil and type(DATA.build) == "table" and present(DATA.build.date) then
    doc.meta.date = pandoc.Inlines(format_date(DATA.build.date))
  end
  return doc
end

return { { Pandoc = Pandoc } }
