--[[
stats.lua: puts the statistics and the prepared blocks into the briefing.

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
`title` attribute, which would show a second tooltip over the card. In Typst each number links to
its entry in the provenance appendix.

Two documents, one appendix. A document without a provenance appendix (the briefing) names the
document that holds it in its metadata, `provenance: annex`: its numbers then link there, in HTML
to the entry (`annex.html#prov-<id>`, the number itself a link, its card on hover and focus), in
the PDF to the other PDF (`annex.pdf`; a link into another PDF cannot name a place in it). The
appendix lists the statistics of the documents named by its `also` attribute
(`::: {.provenance-appendix also="briefing.qmd"}`) after its own, read and prepared the same way.

Python prepares, the filter places. The generated tables and sections (::: {.stat-table ids="a,b"},
{.explain-table}, {.claims-appendix}, {.source-table}, {.reference-table}, {.build-info},
{.grade-scale}, {.params-banner}, {.sensitivity}) are built by the package
(elite_defections/render/blocks.py) as Pandoc AST into the file named by the metadata `blocks`
(build/blocks.json), with the provenance of every statistic. This filter replaces each such Div by
its block, found by its class and `ids` attribute, and keeps only what needs the document's order
or the output format:
  [id]{.stat}                      the value, its citation placed as a writer would, its provenance;
  ::: {.provenance-appendix}       the prepared rows of the statistics printed, in order of first use;
  ::: {.figure name="x"}           build/figures/x.svg with caption and alt text from x.json, embedded
                                   (`width="70%"`: its width in the PDF, 100% unless given);
  ::: {.contents}                  in Typst an outline titled `toc-title`, `toc-depth` deep; in HTML
                                   nothing (the stylesheet places the template's contents);
  verdicts                         classed spans in HTML; elsewhere plain text, "contradicted" in bold;
  the renderer's name, the date and (a non-default build) the keywords.
It reads no file under data/: what comes from there was validated by the package first.

Metadata read (paths as given, or relative to the project root):
  statistics   the statistics file (required)
  blocks       the prepared blocks (required; written by `elite-defections render` and the build)
  figures      the folder of figures (default: build/figures)
  renderer     the renderer's name, set by the fallback renderer; under Quarto: "Quarto <version>"
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
  return data, text
end

-- State ---------------------------------------------------------------------------------------

local STATS, STATS_FILE                -- the statistics, and their file
local BLOCKS, BLOCKS_FILE              -- the prepared blocks, and their file
local FIGURES_DIR = nil
local RENDERER = nil
local USED = List()                    -- statistic ids printed, in order of first use
local USED_SET = {}
local HAS_PROVENANCE = false
local PROVENANCE_ELSEWHERE = nil       -- the document holding this one's provenance (e.g. "annex")
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

-- Loading -------------------------------------------------------------------------------------

local function required_path(meta, key, what)
  local given = meta[key] and stringify(meta[key])
  if not present(given) then
    fail(("no '%s:' in the document metadata; set it in _quarto.yml (a path relative to the project root)"):format(key))
  end
  return resolve(given, what)
end

local function load(meta)
  STATS_FILE = required_path(meta, "statistics", "statistics file")
  local data, text = decode_json(STATS_FILE, "statistics file")
  if type(data.statistics) ~= "table" then
    fail(relative_to_root(STATS_FILE) .. " has no 'statistics' map; is it the merged build/statistics.json?")
  end
  STATS = data.statistics
  BLOCKS_FILE = required_path(meta, "blocks", "blocks file (run `elite-defections render` to write it)")
  BLOCKS = decode_json(BLOCKS_FILE, "blocks file")
  if BLOCKS.statistics_sha1 ~= pandoc.utils.sha1(text) then
    fail(("%s was prepared from another %s; run `elite-defections render` (or the build) to prepare it again")
      :format(relative_to_root(BLOCKS_FILE), relative_to_root(STATS_FILE)))
  end
  FIGURES_DIR = meta.figures and stringify(meta.figures) or "build/figures"
  if meta.renderer then
    RENDERER = stringify(meta.renderer)
  elseif quarto and quarto.version then
    RENDERER = "Quarto " .. tostring(quarto.version)
  else
    RENDERER = "Pandoc " .. tostring(PANDOC_VERSION)
  end
end

-- A prepared block as Pandoc elements: verdicts marked up for the output format, the renderer named.
local function prepared(key)
  local raw = BLOCKS.blocks[key]
  if raw == nil then
    fail(("%s has no block for the .%s in %s; run `elite-defections render` (or the build) to prepare it again")
      :format(relative_to_root(BLOCKS_FILE), key, DOC_NAME))
  end
  return pandoc.Blocks(pandoc.json.decode(pandoc.json.encode(raw))):walk({
    Span = function(span)
      if IS_HTML or not span.classes:includes("verdict") then return nil end
      if span.classes:includes("verdict-contradicted") then return pandoc.Strong(span.content) end
      return span.content
    end,
    Code = function(code)
      if code.classes:includes("renderer") then return pandoc.Code(RENDERER) end
    end,
  })
end

-- Rendering one statistic ---------------------------------------------------------------------

local COMPUTED_FROM = "computed from"

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

local function has_citation(c)
  return #c.stated + #c.data > 0
end

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

local function note_use(id)
  if not USED_SET[id] then
    USED_SET[id] = true
    USED:insert(id)
  end
end

-- The HTML tooltip: the statistic's provenance, prepared with the blocks.
local function tooltip(id, tip_id)
  local lines = List()
  for _, row in ipairs(BLOCKS.provenance[id] or {}) do
    lines:insert(pandoc.Span({ pandoc.Strong({ pandoc.Str(row[1] .. ":") }), pandoc.Space(),
      table.unpack(pandoc.Inlines(row[2])) }, { class = "stat-tip-line" }))
  end
  return pandoc.Span(lines, { id = tip_id, class = "stat-tip", role = "tooltip" })
end

local function render_stat(span, with_cite, where, in_meta, covered)
  local id = trim(span.attributes.id or stringify(span.content))
  if id == "" then fail("an empty [ ]{.stat} span in " .. DOC_NAME) end
  local s = get_stat(id, where)
  local citation = citation_of(s)
  note_use(id)
  local value = pandoc.Inlines(str(s.display))
  local out = List()
  if in_meta then
    out:extend(value)                    -- title block: the value alone
  elseif IS_HTML then
    TIP_COUNT = TIP_COUNT + 1
    local tip_id = "stat-tip-" .. TIP_COUNT
    -- attributes as a list in name order: a Lua table's order changes from run to run
    -- a generated sentence (longer than a figure) wraps and reads as text; a figure does not break
    local classes = #str(s.display) > 40 and { "stat", "stat-text" } or { "stat" }
    if PROVENANCE_ELSEWHERE and not HAS_PROVENANCE then
      -- the number links to its entry in the other document's provenance appendix; the link is the
      -- focusable element (one tab stop), and the card shows on hover and while it has focus
      local link = pandoc.Link(value, PROVENANCE_ELSEWHERE .. ".html#prov-" .. id, "",
        pandoc.Attr("", { "stat-value" }, { { "aria-describedby", tip_id } }))
      out:insert(pandoc.Span({ link, tooltip(id, tip_id) }, pandoc.Attr("", classes, { { "data-stat", id } })))
    else
      out:insert(pandoc.Span({ pandoc.Span(value, { class = "stat-value" }), tooltip(id, tip_id) },
        pandoc.Attr("", classes, { { "aria-describedby", tip_id }, { "data-stat", id }, { "tabindex", "0" } })))
    end
  elseif IS_TYPST and HAS_PROVENANCE then
    out:insert(pandoc.Link(value, "#prov-" .. id, "", { class = "stat" }))
  elseif IS_TYPST and PROVENANCE_ELSEWHERE then
    -- a link into another PDF can name the file, not a place in it
    out:insert(pandoc.Link(value, PROVENANCE_ELSEWHERE .. ".pdf", "", { class = "stat" }))
  else
    out:insert(pandoc.Span(value, { class = "stat", ["data-stat"] = id }))
  end
  if with_cite and has_citation(citation) then
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

-- Placing -------------------------------------------------------------------------------------

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
    -- `width="70%"` on the Div: a narrower figure in the PDF (the briefing's page budget)
    local width = div.attributes.width or "100%"
    if not width:match("^%d+%%$") then fail(("a .figure's width in %s must be a percentage, not '%s'"):format(DOC_NAME, width)) end
    content = pandoc.RawInline("typst", ("#image(bytes(%s), format: \"svg\", width: %s, alt: %s)")
      :format(typst_string(svg), width, typst_string(sidecar.alt)))
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

local function contents()
  if not IS_TYPST then return {} end
  local title = META["toc-title"] and stringify(META["toc-title"]) or "Contents"
  local depth = tonumber(META["toc-depth"] and stringify(META["toc-depth"]) or "") or 2
  return pandoc.RawBlock("typst", ("#outline(title: %s, depth: %d)"):format(typst_string(title), depth))
end

local PLACED_HERE = { ["figure"] = figure, ["contents"] = contents }

-- A Div the package prepared a block for: its key, the class (the first one prepared) and its ids.
local function prepared_key(div)
  for _, class in ipairs(div.classes) do
    if BLOCKS.classes[class] then
      local ids = div.attributes.ids
      return class .. (ids and (" ids=" .. ids) or "")
    end
  end
end

-- The statistics another document prints (`also="briefing.qmd"` on the provenance appendix, a
-- path relative to this document or the project root), in its order: its prose, its title and
-- subtitle, and the generated blocks it places, as this filter would place them.
local function statistics_of(file)
  -- relative to this document's folder (wherever the renderer runs Pandoc from), else as given
  local beside = path.join({ ROOT, path.directory(DOC_NAME), file })
  local p = (not path.is_absolute(file) and exists(beside)) and clean(beside)
    or resolve(file, "document named by the provenance appendix's also=")
  local other = pandoc.read(read_file(p), "markdown")
  local ids = List()
  local seen = {}
  local function collect(el)
    el:walk({
      Span = function(span)
        if span.classes:includes("stat") then
          local id = trim(span.attributes.id or stringify(span.content))
          if not seen[id] then
            seen[id] = true
            get_stat(id, relative_to_root(p))
            ids:insert(id)
          end
        end
      end,
    })
  end
  for _, key in ipairs({ "title", "subtitle", "abstract" }) do
    local value = other.meta[key]
    if value ~= nil and pandoc.utils.type(value) == "Inlines" then collect(pandoc.Plain(value)) end
  end
  collect(other.blocks:walk({
    Div = function(div)
      local key = prepared_key(div)
      if key and key ~= "provenance-appendix" then return prepared(key) end
    end,
  }))
  return ids
end

-- The provenance appendix: the prepared row of every statistic printed above, in order of first
-- use, then those the documents named by `also` print that this one does not.
local function provenance_appendix(div)
  for file in (div.attributes.also or ""):gmatch("[^,%s]+") do
    for _, id in ipairs(statistics_of(file)) do note_use(id) end
  end
  local tbl = prepared("provenance-appendix")[1]
  local bodies = tbl.bodies
  local rows = {}
  for _, row in ipairs(bodies[1].body) do rows[row.attr.attributes["data-stat"]] = row end
  local body = List()
  for _, id in ipairs(USED) do
    local row = rows[id]
    row.attr = pandoc.Attr()
    body:insert(row)
  end
  bodies[1].body = body
  tbl.bodies = bodies
  return tbl
end

-- The document --------------------------------------------------------------------------------

function Pandoc(doc)
  DOC_NAME = document_name()
  META = doc.meta
  load(doc.meta)

  -- provenance links in Typst need the appendix's labels to exist
  doc.blocks:walk({
    Div = function(div) if div.classes:includes("provenance-appendix") then HAS_PROVENANCE = true end end,
  })
  -- a document without its own appendix links its numbers to the one named by `provenance:`
  -- (a document's name without extension, beside this one: "annex")
  if present(doc.meta.provenance) then PROVENANCE_ELSEWHERE = stringify(doc.meta.provenance) end

  -- 1. generated blocks (their values are stat spans, expanded with the prose below)
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      local key = prepared_key(div)
      if key then return prepared(key) end
      for class, place in pairs(PLACED_HERE) do
        if div.classes:includes(class) then return place(div) end
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
      if div.classes:includes("provenance-appendix") then return provenance_appendix(div) end
    end,
  })

  -- a non-default build says so in the HTML <meta name="keywords"> and the PDF's keywords
  if #BLOCKS.keywords > 0 then
    local keywords = List(BLOCKS.keywords)
    if IS_TYPST then  -- the Typst template puts keywords in code: they must be string literals
      keywords = keywords:map(function(k) return pandoc.Inlines({ pandoc.RawInline("typst", typst_string(k)) }) end)
    end
    doc.meta.keywords = keywords
  end

  if doc.meta.date == nil and present(BLOCKS.date) then
    doc.meta.date = pandoc.Inlines(BLOCKS.date)
  end
  return doc
end

return { { Pandoc = Pandoc } }
