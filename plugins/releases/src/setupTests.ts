import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; on a slow CI machine a page's
// first render with its data takes longer than that without anything being
// wrong. A failing expectation still fails, only later.
configure({ asyncUtilTimeout: 5000 });
