/* global window, document, fetch, AbortController */
/**
 * Progressive enhancement of the service search form (src/modules/catalog/search/search-form.ts):
 * the search field becomes a combobox with a list of suggestions (WAI-ARIA 1.2 combobox pattern,
 * list autocomplete with manual selection). Without this script the form is a plain GET form and
 * works the same; with it, Arrow Down/Up choose a suggestion, Enter opens it, Escape closes the
 * list, and a live region says how many suggestions there are.
 *
 * Styles are set through the CSSOM (element.style), which the Content Security Policy allows;
 * there is no inline style or script.
 */
(function () {
  'use strict';

  var minLength = 3;
  var delayMs = 150;

  function message(template, count) {
    return (template || '').replace('{count}', String(count));
  }

  function enhance(form) {
    if (form.getAttribute('data-service-search') === 'ready') return;
    var input = form.querySelector('input[name="q"]');
    if (!input || !input.id || typeof fetch !== 'function') return;
    form.setAttribute('data-service-search', 'ready');

    var listId = input.id + '-suggestions';
    var field = input.parentElement;
    field.style.position = 'relative';

    var list = document.createElement('ul');
    list.id = listId;
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', form.getAttribute('data-suggest-label') || '');
    list.hidden = true;
    list.style.position = 'absolute';
    list.style.left = '0';
    list.style.right = '0';
    list.style.zIndex = '10';
    list.style.margin = '0';
    list.style.padding = '0';
    list.style.listStyle = 'none';
    list.style.maxHeight = '22rem';
    list.style.overflowY = 'auto';
    list.style.background = 'var(--kern-color-form-input-background, #fff)';
    list.style.border = '2px solid var(--kern-color-form-input-border, #171a2b)';
    list.style.borderTop = '0';
    field.appendChild(list);

    var status = document.createElement('div');
    status.className = 'kern-sr-only';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.setAttribute('aria-atomic', 'true');
    form.appendChild(status);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    // The browser's own history list would cover ours.
    input.setAttribute('autocomplete', 'off');

    var suggestions = [];
    var active = -1;
    var timer = 0;
    var controller = null;
    var lastQuery = '';

    function isOpen() {
      return !list.hidden;
    }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function open() {
      if (suggestions.length === 0) return;
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function setActive(index) {
      var options = list.children;
      for (var i = 0; i < options.length; i++) {
        var selected = i === index;
        options[i].setAttribute('aria-selected', selected ? 'true' : 'false');
        options[i].style.background = selected ? 'var(--kern-color-action-default, #1a4fa3)' : '';
        options[i].style.color = selected ? 'var(--kern-color-action-on-default, #fff)' : '';
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute('aria-activedescendant', options[index].id);
        if (options[index].scrollIntoView) options[index].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function go(index) {
      var suggestion = suggestions[index];
      if (suggestion) window.location.assign('/leistungen/' + encodeURIComponent(suggestion.slug));
    }

    function render(items) {
      suggestions = items;
      list.textContent = '';
      items.forEach(function (item, index) {
        var option = document.createElement('li');
        option.id = listId + '-' + index;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.lang = 'de';
        option.textContent = item.name;
        option.style.padding = '0.5rem 0.75rem';
        option.style.cursor = 'pointer';
        // Keep the focus in the field; the click then opens the service.
        option.addEventListener('mousedown', function (event) {
          event.preventDefault();
        });
        option.addEventListener('click', function () {
          go(index);
        });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (items.length === 0) {
        close();
        status.textContent = message(form.getAttribute('data-msg-none'), 0);
        return;
      }
      open();
      status.textContent = message(form.getAttribute(items.length === 1 ? 'data-msg-one' : 'data-msg-many'), items.length);
    }

    function load(query) {
      if (controller) controller.abort();
      controller = typeof AbortController === 'function' ? new AbortController() : null;
      var url = form.getAttribute('data-suggest-url') + '?q=' + encodeURIComponent(query);
      fetch(url, { headers: { accept: 'application/json' }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (items) {
          // An answer to an older query than the field now holds is dropped.
          if (input.value.trim() === query && Array.isArray(items)) render(items);
        })
        .catch(function () {
          // Suggestions are a help, not a must: the form still searches.
        });
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < minLength) {
        if (controller) controller.abort();
        suggestions = [];
        lastQuery = '';
        list.textContent = '';
        close();
        status.textContent = '';
        return;
      }
      timer = window.setTimeout(function () {
        if (query === lastQuery && suggestions.length > 0) {
          open();
          return;
        }
        lastQuery = query;
        load(query);
      }, delayMs);
    });

    input.addEventListener('keydown', function (event) {
      var count = suggestions.length;
      switch (event.key) {
        case 'ArrowDown':
          if (count === 0) return;
          event.preventDefault();
          if (!isOpen()) {
            open();
            if (!event.altKey) setActive(0);
          } else {
            setActive(active + 1 >= count ? 0 : active + 1);
          }
          break;
        case 'ArrowUp':
          if (count === 0) return;
          event.preventDefault();
          if (!isOpen()) open();
          setActive(active <= 0 ? count - 1 : active - 1);
          break;
        case 'Enter':
          // With a suggestion chosen, Enter opens it; otherwise the form searches as usual.
          if (isOpen() && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case 'Escape':
          if (isOpen()) {
            event.preventDefault();
            close();
          }
          break;
        case 'Tab':
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener('blur', function () {
      close();
    });

    form.addEventListener('submit', function () {
      close();
    });
  }

  function start() {
    var forms = document.querySelectorAll('form[data-service-search]');
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
